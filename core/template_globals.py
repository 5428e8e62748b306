"""What every public page's head says to blogging clients: where the RSD document is."""

from . import xmlrpc
from .templating import include_with, template_global


@template_global
@include_with("core/_rsd_link.html")
def rsd_link():
    """<link rel="EditURI">, when an app has announced an API that clients can post with."""
    return {"rsd_url": xmlrpc.rsd_url() if xmlrpc.APIS else None}
