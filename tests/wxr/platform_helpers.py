"""Helpers for the Ghost, Blogger and feed import tests: run a command, read its summary."""

from io import StringIO

from django.core.management import call_command


def run(command, path, *options):
    """`manage.py <command> path *options`; returns what it printed."""
    out = StringIO()
    call_command(command, str(path), *options, stdout=out)
    return out.getvalue()
