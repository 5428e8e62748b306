"""`manage.py import_wxr FILE.xml`: bring a WordPress export in, whole and only once."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wxr.importer import Importer
from wxr.reader import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2): authors, categories, tags, posts, pages, "
        "comments and attachments' URLs. Running it again with the same file changes nothing; "
        "a bad file stops with the line at fault and nothing written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the WXR file WordPress exported (Tools › Export)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="read and check everything, print the summary, write nothing",
        )
        parser.add_argument(
            "--media-dir",
            help="a copy of wp-content/uploads: featured images are taken from it",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="download the attachments and the images post bodies show into the media "
            "library (through the site's safe HTTP client) and point the posts at the copies",
        )
        parser.add_argument(
            "--default-author",
            metavar="USERNAME",
            help="an existing user to receive items that name no author",
        )

    def handle(self, *args, **options):
        if options["media_dir"] and not Path(options["media_dir"]).is_dir():
            raise CommandError(f"--media-dir {options['media_dir']} is not a directory")
        importer = Importer(
            media_dir=options["media_dir"],
            fetch_media=options["fetch_media"],
            default_author=options["default_author"],
            dry_run=options["dry_run"],
        )
        try:
            with open(options["file"], "rb") as source:
                summary = importer.run(source)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror or exc}") from exc
        except WXRError as exc:
            raise CommandError(f"{options['file']}: {exc}. Nothing was imported.") from exc
        for line in summary.lines(dry_run=options["dry_run"]):
            self.stdout.write(line)
