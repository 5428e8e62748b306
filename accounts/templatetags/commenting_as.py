"""How the comment form greets a signed-in reader: as their social account, or by name.

Only signed-in pages show these, and those are never cached.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from accounts.identity import commenter

register = template.Library()


@register.inclusion_tag("accounts/_commenting_as.html", takes_context=True)
def commenting_as(context):
    """Who the reader comments as, with the "Log Out" and "Change" buttons."""
    return {"commenter": commenter(context["request"])}


@register.inclusion_tag("accounts/_sign_out_forms.html", takes_context=True)
def sign_out_forms(context, back_url):
    """The forms those buttons send, outside the comment form (a form cannot hold another).

    "Log Out" signs out and comes back to `back_url`; "Change" signs out and offers
    the sign-in choices, which come back there.
    """
    return {
        "csrf_token_value": context.get("form_csrf_token", ""),
        "back_url": back_url,
        "change_url": f"{reverse('account_login')}?{urlencode({'next': back_url})}",
    }
