"""`manage.py import_blogger FILE`: bring a Blogger blog in, whole and only once."""

from wxr.platforms import source
from wxr.platforms.blogger import read_blogger
from wxr.platforms.command import PlatformImportCommand


class Command(PlatformImportCommand):
    help = (
        "Import a Blogger export (the classic Atom backup, or feed.atom from Google Takeout): "
        "authors, labels as tags, posts, pages and threaded comments, with redirects from the "
        "old addresses. Running it again changes nothing; a bad file stops with nothing written."
    )
    source_help = "the Atom file Blogger (or Takeout) exported"

    def read(self, path, options):
        return read_blogger(source.read(path))
