"""The Jinja2 environment of the public pages (templates/jinja2/): the reader's pages render
with Jinja2, which costs less per variable, tag and include than Django's template
language, while the admin, the sign-in pages and the mails stay on Django templates.

The environment gives templates what Django's language had: `url()`, `static()`, Django's
own filters (so a date, a plural or a truncation reads as before, in the current time
zone), and what the apps add to the pages. An app adds its parts of a page (a post's
comments, its likes, the ping discovery links) with `template_global` in its
`template_globals` module, which its `ready()` imports, so the lower apps' templates call
what the higher apps give without the lower apps importing them.
"""

import functools

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django.template import defaultfilters
from django.template.backends import jinja2 as jinja2_backend
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, pass_context
from markupsafe import Markup

from core.site_url import absolute

GLOBALS = {}


def template_global(function):
    """Make `function` callable by its name from every public template."""
    GLOBALS[function.__name__] = function
    return function


def include_with(template_name):
    """A template global that renders `template_name` with what the function returns (a dict)
    on top of the calling template's context, as Django's inclusion tags did. The function
    gets the calling context first when it asks for it with `takes_context`."""

    def decorate(function):
        takes_context = getattr(function, "takes_context", False)

        @pass_context
        @functools.wraps(function)
        def render(context, *args, **kwargs):
            data = function(*((context,) if takes_context else ()), *args, **kwargs)
            template = context.environment.get_template(template_name)
            return Markup(template.render(context.get_all() | data))

        return render

    return decorate


def takes_context(function):
    """Mark an `include_with` function as wanting the calling template's context."""
    function.takes_context = True
    return function


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value, format_string=None):
    """Django's `date` filter, in the current time zone as Django's templates show dates."""
    return defaultfilters.date(template_localtime(value), format_string)


def time(value, format_string=None):
    return defaultfilters.time(template_localtime(value), format_string)


FILTERS = {
    "absolute": lambda path: absolute(str(path)),
    "add": defaultfilters.add,
    "capfirst": defaultfilters.capfirst,
    "crispy": as_crispy_form,
    "as_crispy_field": as_crispy_field,
    "cut": defaultfilters.cut,
    "date": date,
    # Django's meaning: the fallback for any false value, not only an undefined one.
    "default": defaultfilters.default,
    "iriencode": defaultfilters.iriencode,
    "pluralize": defaultfilters.pluralize,
    "time": time,
    "truncatechars": defaultfilters.truncatechars,
    "truncatewords": defaultfilters.truncatewords,
    "urlencode": defaultfilters.urlencode,
    "yesno": defaultfilters.yesno,
}


class Jinja2(jinja2_backend.Jinja2):
    """Django's Jinja2 backend, whose rendered templates are safe HTML as the Django
    engine's are, so a fragment rendered in Python (the widgets, a menu) is not escaped
    again where a page shows it."""

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)


class Template(jinja2_backend.Template):
    def render(self, context=None, request=None):
        return mark_safe(super().render(context, request))


def environment(**options):
    """What settings.TEMPLATES names as the Jinja2 backend's environment."""
    # Django's templates show nothing for a missing attribute, at any depth; so do these
    # (the backend's default would print the name of what is missing when DEBUG is on).
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.filters.update(FILTERS)
    env.globals.update(url=url, static=static)
    # Apps register theirs in ready(), before the backend makes this environment.
    env.globals.update(GLOBALS)
    return env
