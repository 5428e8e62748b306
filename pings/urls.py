"""The addresses other blogs ping, at the site's root as WordPress has them.

`<permalink>trackback/` takes trackbacks; `/xmlrpc.php` is the pingback server.
"""

from django.urls import path, re_path

from posts.urls import DAY, MONTH, YEAR

from . import pingback, trackback

app_name = "pings"

urlpatterns = [
    path("xmlrpc.php", pingback.xmlrpc_server, name="xmlrpc"),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/(?P<slug>[-\w]+)/trackback/$",
        trackback.receive,
        name="trackback",
    ),
]
