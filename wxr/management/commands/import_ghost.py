"""`manage.py import_ghost FILE.json`: bring a Ghost blog in, whole and only once."""

from django.core.management.base import CommandError

from wxr.platforms import source
from wxr.platforms.command import PlatformImportCommand
from wxr.platforms.ghost import read_ghost


class Command(PlatformImportCommand):
    help = (
        "Import a Ghost export (Settings › Labs › Export, Ghost 4 or 5): authors, tags, posts "
        "and pages, with redirects from their old /<slug>/ addresses. Running it again with the "
        "same file changes nothing; a bad file stops with nothing written."
    )
    source_help = "the JSON file Ghost exported"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--site-url",
            default="",
            metavar="URL",
            help="the old Ghost site's address, which the export writes as __GHOST_URL__",
        )

    def read(self, path, options):
        if options["site_url"] and not source.is_url(options["site_url"]):
            raise CommandError(f"--site-url {options['site_url']} is not an http(s) address")
        return read_ghost(source.read(path), site_url=options["site_url"])
