"""`manage.py import_feed URL-or-FILE`: bring in what a blog's RSS or Atom feed holds."""

from wxr.platforms import source
from wxr.platforms.command import PlatformImportCommand
from wxr.platforms.feed import read_feed


class Command(PlatformImportCommand):
    help = (
        "Import the entries of any RSS or Atom feed (a file, or a URL fetched through the "
        "site's safe HTTP client): title, text, dates, author, categories as tags, enclosures. "
        "Entries already imported are matched by their id or link and left alone."
    )
    source_help = "the feed's URL (http or https) or a file holding it"

    def read(self, path_or_url, options):
        url = path_or_url if source.is_url(path_or_url) else ""
        return read_feed(source.read(path_or_url, urls=True), url=url)
