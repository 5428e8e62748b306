"""The post page's HTML, byte for byte apart from whitespace and per-request tokens, for a post
with threaded comments, pings, a guest's held comment and a signed-in reader's own comment.

The pages are compared with files kept beside this one (`post_page_html/`), so that a change
to how the page is built (stored comment HTML, stored related posts, the thread rendered in
one pass) cannot change what readers get. A deliberate change of the page's HTML rewrites
them: `WRITE_POST_PAGE_HTML=1 pytest tests/comments/test_post_page_html.py`, then read the diff.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from comments import visitor
from tests.comments.helpers import set_rules
from tests.conftest import clear_cache, make_user

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent / "post_page_html"
# Per-request values: tokens, signatures, nonces.
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1CSRF"),
    (re.compile(r'(name="timestamp" value=")[^"]*'), r"\1STAMP"),
    (re.compile(r'(id="id_timestamp"[^>]*value=")[^"]*'), r"\1STAMP"),
    (re.compile(r"((?:moderation-hash|key)=)[\w%:-]+"), r"\1KEY"),
    (re.compile(r'(nonce=")[^"]*'), r"\1NONCE"),
]


def normalised(html):
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    html = re.sub(r">\s+", ">", html)
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"\s+", " ", html).strip()


def page_html(client, url):
    clear_cache()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return normalised(response.text)


def held_url(discussed):
    guest = discussed["comments"]["guest"]
    key = visitor.author_key(guest)
    return f"{discussed['post'].get_absolute_url()}?unapproved={guest.pk}&moderation-hash={key}"


def scenarios(discussed):
    post = discussed["post"]
    url = post.get_absolute_url()
    ann = discussed["comments"]["ann"]
    return {
        "anonymous": (False, url),
        "anonymous_reply_to": (False, f"{url}?replytocom={ann.pk}"),
        "guest_with_held_comment": (False, held_url(discussed)),
        "signed_in": (True, url),
        "signed_in_reply_to": (True, f"{url}?replytocom={ann.pk}"),
    }


def check(name, html):
    path = HERE / f"{name}.html"
    if os.environ.get("WRITE_POST_PAGE_HTML"):
        HERE.mkdir(exist_ok=True)
        path.write_text(html + "\n")
    assert html == path.read_text().rstrip("\n"), f"{name}: the page's HTML changed"


@pytest.mark.parametrize(
    "name",
    [
        "anonymous",
        "anonymous_reply_to",
        "guest_with_held_comment",
        "signed_in",
        "signed_in_reply_to",
    ],
)
def test_the_post_page_html_is_unchanged(client, discussed, name):
    signed_in, url = scenarios(discussed)[name]
    if signed_in:
        client.force_login(discussed["reader"])

    check(name, page_html(client, url))


def test_the_post_page_html_is_unchanged_for_a_moderator(client, discussed):
    moderator = make_user("mod", id=9102, staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    client.force_login(moderator)

    check("moderator", page_html(client, discussed["post"].get_absolute_url()))


@pytest.mark.parametrize("page", [1, 2])
def test_the_post_page_html_is_unchanged_on_comment_pages_newest_first(client, discussed, page):
    set_rules(comments_per_page=2, order="newest", thread_depth=2)

    url = f"{discussed['post'].get_absolute_url()}?cpage={page}"
    check(f"newest_first_page_{page}", page_html(client, url))
