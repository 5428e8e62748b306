"""What every authoring method shares: registration with the one XML-RPC server,
sign-in with an application password, WordPress's faults, dates and ids.

A method is a function `(request, user, *params)` decorated with `method`,
which serves it under its WordPress names, takes the username and password
from where that API puts them, signs the user in (outside any transaction, so
that a refused write still records the password's use, as REST does), and
runs writes in one transaction, so that a fault leaves nothing half-saved.
"""

import datetime
import inspect

from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions

from core import xmlrpc
from core.client import client_ip
from core.xmlrpc import Fault

from ..authentication import sign_in

INSUFFICIENT = Fault(400, "Insufficient arguments passed to this XML-RPC method.")
INCORRECT = Fault(403, "Incorrect username or password.")
BAD_PARAMS = Fault(xmlrpc.BAD_PARAMS, "server error. invalid method parameters")
# Where the username and password sit among a method's parameters.
WORDPRESS = (1, 2)  # blog_id, username, password, …
BLOGGER = (2, 3)  # appkey, blog_id or post_id, username, password, …
BY_POST = (1, 2)  # post_id, username, password, … (metaWeblog edit/get, mt.*)
UNSIGNED = None


def method(*names, credentials=WORDPRESS, write=False):
    """Serve the decorated `(request, user, *params)` function under each of `names`."""

    def decorate(func):
        params = list(inspect.signature(func).parameters.values())[2:]
        required = sum(1 for p in params if p.default is p.empty)
        extra = 0 if credentials is UNSIGNED else 2
        required, most = required + extra, len(params) + extra

        def handler(request, *args):
            if len(args) < required:
                raise INSUFFICIENT
            args = list(args[:most])
            user = None
            if credentials is not UNSIGNED:
                password = args.pop(credentials[1])
                username = args.pop(credentials[0])
                user = login(request, username, password)
            if write:
                with transaction.atomic():
                    return func(request, user, *args)
            return func(request, user, *args)

        handler.__doc__ = func.__doc__
        for name in names:
            xmlrpc.register(name, handler, arity_fault=INSUFFICIENT)
        return func

    return decorate


def login(request, username, password):
    """The user these credentials sign in, with an application password only."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise INCORRECT
    try:
        user, _ = sign_in(username, password, client_ip(request))
    except exceptions.Throttled as exc:
        raise Fault(429, "Too many incorrect passwords from your address; wait a minute.") from exc
    except exceptions.AuthenticationFailed as exc:
        raise INCORRECT from exc
    # For this request only, as REST's sign-in: no session is opened.
    request.user = user
    return user


def not_allowed(message):
    """WordPress's fault for what the signed-in user may not do."""
    return Fault(401, message)


def as_id(value):
    """A row id as clients send it (an int, or a string of digits); 0 for anything else,
    which no row has, as PHP's (int) cast gives WordPress."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def struct(value):
    """A struct parameter, or the fault for a parameter of another type."""
    if not isinstance(value, dict):
        raise BAD_PARAMS
    return value


def names_list(value):
    """A list of names or ids as sent: a list, or a comma-separated string."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return value
    raise BAD_PARAMS


def local_date(moment):
    """An XML-RPC dateTime in the site's time zone, without an offset (`post_date`)."""
    return timezone.make_naive(moment) if moment else datetime.datetime(1970, 1, 1)


def gmt_date(moment):
    """An XML-RPC dateTime in UTC, without an offset (`post_date_gmt`)."""
    if not moment:
        return datetime.datetime(1970, 1, 1)
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


def sent_date(value):
    """A datetime from a dateTime parameter (some clients send its text instead)."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        for fmt in ("%Y%m%dT%H:%M:%S", "%Y%m%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt)
            except ValueError:
                continue
    raise BAD_PARAMS
