"""Writing from blogging clients over XML-RPC: the WordPress, MetaWeblog, Blogger and Movable
Type APIs at /xmlrpc.php, served by core's one XML-RPC server beside pingback.ping.

Clients sign in with a username and an application password (never the account's login
password), may do what the user's role allows in the admin and the REST API (`rules`),
and write through the REST API's one write path (`post_writing`, `writing.PostWrite`).
One module per part of the APIs; `register` imports them, which registers their methods.
"""

from django.urls import reverse

from core import xmlrpc
from core.site_url import absolute


def register():
    from . import comments, media, metaweblog, movabletype, site, wp_pages, wp_posts, wp_terms  # noqa: F401

    # The RSD document lists them in WordPress's order, WordPress's own API preferred.
    xmlrpc.announce("WordPress", preferred=True)
    xmlrpc.announce("Movable Type")
    xmlrpc.announce("MetaWeblog")
    xmlrpc.announce("Blogger")
    xmlrpc.announce("WP-API", link=lambda: absolute(reverse("api:index")))
