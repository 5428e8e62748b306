"""WordPress's dates, read: one rule for when a post was published and a comment made.

WordPress writes each moment twice, in UTC and in the site's time zone, and either may
be its "never" (0000-00-00); the UTC one is trusted first, then the local one, then
the RSS date.
"""

import datetime
import email.utils
import re

from django.utils import timezone

WP_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")


def parse_wp_date(value, *, utc):
    """WordPress's "YYYY-MM-DD HH:MM:SS" (UTC or the site's time zone); None if unset or bad."""
    match = WP_DATE.match((value or "").strip())
    if not match:
        return None
    try:
        numbers = [int(g or 0) for g in match.groups()]
        moment = datetime.datetime(*numbers)
    except ValueError:  # 0000-00-00 00:00:00, WordPress's "never"
        return None
    if utc:
        return moment.replace(tzinfo=datetime.UTC)
    return timezone.make_aware(moment)


def parse_rfc822(value):
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def wp_datetime(gmt, local, rfc822=""):
    """The moment a record bears, from the first of its dates that is set; else None."""
    return (
        parse_wp_date(gmt, utc=True)
        or parse_wp_date(local, utc=False)
        or (parse_rfc822(rfc822) if rfc822 else None)
    )
