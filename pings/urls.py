"""The addresses other blogs ping, at the site's root as WordPress has them.

`<permalink>trackback/` takes trackbacks; `/xmlrpc.php` is the pingback server;
`/webmention/` the Webmention endpoint, each Webmention's status page under it.
"""

from django.urls import path, re_path

from posts.urls import DAY, MONTH, YEAR

from . import pingback, trackback, webmention

app_name = "pings"

urlpatterns = [
    path("xmlrpc.php", pingback.xmlrpc_server, name="xmlrpc"),
    path("webmention/", webmention.receive, name="webmention"),
    path("webmention/<str:token>/", webmention.StatusView.as_view(), name="webmention-status"),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/(?P<slug>[-\w]+)/trackback/$",
        trackback.receive,
        name="trackback",
    ),
]
