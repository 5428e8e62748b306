"""What every page's head says to blogging clients: where the RSD document is."""

from django import template

from core import xmlrpc

register = template.Library()


@register.inclusion_tag("core/_rsd_link.html")
def rsd_link():
    """<link rel="EditURI">, when an app has announced an API that clients can post with."""
    return {"rsd_url": xmlrpc.rsd_url() if xmlrpc.APIS else None}
