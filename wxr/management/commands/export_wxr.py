"""`manage.py export_wxr > site.xml`: the whole blog as WXR 1.2, for WordPress or a backup."""

import sys

from django.core.management.base import BaseCommand

from wxr.exporter import Exporter


class Command(BaseCommand):
    help = (
        "Write posts, pages, categories, tags, authors, comments (every status and kind) and "
        "attachments' URLs as a WordPress export (WXR 1.2) to standard output or a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")
        parser.add_argument(
            "--site-url", help="the base of absolute links (default: the SITE_URL setting)"
        )

    def handle(self, *args, **options):
        exporter = Exporter(site_url=options["site_url"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="\n") as out:
                exporter.write(out)
        elif self.stdout._out is sys.stdout and hasattr(sys.stdout, "buffer"):
            # UTF-8 whatever the terminal's locale says: the file declares it.
            with open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False) as out:
                exporter.write(out)
        else:
            exporter.write(_Text(self.stdout))


class _Text:
    """A management command's stdout wrapper, written to as a plain text stream."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
