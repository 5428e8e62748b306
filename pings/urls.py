"""The addresses other blogs ping, at the site's root as WordPress has them.

`<permalink>trackback/` takes trackbacks; `/webmention/` the Webmention endpoint, each
Webmention's status page under it. Pingbacks come to `/xmlrpc.php`, the one XML-RPC
server (core/xmlrpc.py), where `pingback.ping` is registered when this app is ready.
"""

from django.urls import path, re_path

from posts.urls import DAY, MONTH, YEAR

from . import trackback, webmention

app_name = "pings"

urlpatterns = [
    path("webmention/", webmention.receive, name="webmention"),
    path("webmention/<str:token>/", webmention.StatusView.as_view(), name="webmention-status"),
    re_path(
        rf"^{YEAR}/{MONTH}/{DAY}/(?P<slug>[-\w]+)/trackback/$",
        trackback.receive,
        name="trackback",
    ),
]
