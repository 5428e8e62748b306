"""What the import commands share: their options, the run, and errors as CommandError."""

from django.core.management.base import BaseCommand, CommandError

from ..reader import WXRError
from .writer import PlatformImporter


class PlatformImportCommand(BaseCommand):
    """A command that reads one export with `read(source, options)` and imports it."""

    source_help = "the export file"

    def add_arguments(self, parser):
        parser.add_argument("source", help=self.source_help)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="read and check everything, print the summary, write nothing",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="download featured images, enclosures and the images post bodies show into "
            "the media library (through the site's safe HTTP client) and point the posts at "
            "the copies",
        )
        parser.add_argument(
            "--default-author",
            metavar="USERNAME",
            help="an existing user to receive entries that name no author",
        )
        parser.add_argument(
            "--primary-category",
            action="store_true",
            help="make each post's first tag its category too (the breadcrumb's), instead "
            "of Uncategorized",
        )

    def read(self, source, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        source = options["source"]
        importer = PlatformImporter(
            fetch_media=options["fetch_media"],
            default_author=options["default_author"],
            dry_run=options["dry_run"],
            primary_category=options["primary_category"],
        )
        try:
            summary = importer.run(self.read(source, options))
        except WXRError as exc:
            raise CommandError(f"{source}: {exc}. Nothing was imported.") from exc
        for line in summary.lines(dry_run=options["dry_run"]):
            self.stdout.write(line)
