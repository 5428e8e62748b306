"""WordPress's dates: `date` in the site's time zone, `date_gmt` in UTC, neither with an offset."""

import datetime

from django.utils import timezone

FORMAT = "%Y-%m-%dT%H:%M:%S"


def local(moment):
    return timezone.localtime(moment).strftime(FORMAT) if moment else None


def gmt(moment):
    return moment.astimezone(datetime.UTC).strftime(FORMAT) if moment else None
