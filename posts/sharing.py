"""Share links under a post: plain links to each network's own share page.

Nothing is loaded from any network until the reader follows a link: no button
script, no counter, no image. Mastodon has no one address, so its link leads to a
small page here that asks for the reader's instance and then sends them there.
"""

import re
from urllib.parse import quote, urlencode

from django.urls import reverse

from core.site_url import absolute

# A host name as a reader types their instance: "mastodon.social", "@me@fosstodon.org",
# "https://hachyderm.io/".
INSTANCE = re.compile(
    r"^(?:https?://)?(?:@?[^@/\s]+@)?"
    r"(?P<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?::(?P<port>[0-9]{1,5}))?/?$",
    re.IGNORECASE,
)


def share_text(post):
    return f"{post.title} {absolute(post.get_absolute_url())}"


def _query(**params):
    return urlencode(params, quote_via=quote)


def share_links(post):
    """(network, label, href) for each way to share `post`."""
    url = absolute(post.get_absolute_url())
    return [
        ("mastodon", "Mastodon", reverse("posts:share-mastodon", kwargs={"pk": post.pk})),
        ("bluesky", "Bluesky", f"https://bsky.app/intent/compose?{_query(text=share_text(post))}"),
        (
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query(url=url)}",
        ),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}"),
        ("x", "X", f"https://x.com/intent/post?{_query(text=post.title, url=url)}"),
        ("email", "Email", f"mailto:?{_query(subject=post.title, body=url)}"),
    ]


def instance_host(typed):
    """The host of the Mastodon instance a reader typed, or None if it is not one."""
    match = INSTANCE.match(typed.strip())
    if match is None:
        return None
    host = match["host"].lower()
    return f"{host}:{match['port']}" if match["port"] else host


def mastodon_share_url(host, post):
    return f"https://{host}/share?{_query(text=share_text(post))}"
