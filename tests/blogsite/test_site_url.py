"""Every absolute link the blog gives out starts with SITE_URL, whatever Host was asked for,
and without SITE_URL the development server's own port is the blog's address."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from lxml import etree

from comments.models import Comment
from posts.site import sync_site
from tests.comments.helpers import make_comment, set_rules
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://blog.example.com"
FORGED = {"HTTP_HOST": "evil.example:6666"}


@pytest.fixture
def site(settings):
    """The blog at SITE; `migrate` brings the sites framework's Site along, as on a deploy."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    sync_site()


def settings_site_url(**environment):
    """SITE_URL as a fresh process reads it from this environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    env.update(environment, DJANGO_SETTINGS_MODULE="blogsite.settings")
    code = "from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_without_site_url_the_address_follows_the_port():
    assert settings_site_url(PORT="9000") == "http://127.0.0.1:9000"
    assert settings_site_url() == "http://127.0.0.1:8000"


def test_a_site_url_given_wins_over_the_port():
    assert settings_site_url(PORT="9000", SITE_URL=SITE) == SITE


def test_make_run_hands_its_port_to_the_blog():
    """`PORT=9000 make run` and `make run PORT=9000` both reach the settings."""
    makefile = (ROOT / "Makefile").read_text()
    assert "export PORT" in makefile.splitlines()


def test_feed_links_start_with_site_url(client, site):
    post = make_post("Linked")
    make_comment(post)
    for url in ("/feed/", "/feed/atom/", "/comments/feed/", f"{post.get_absolute_url()}feed/"):
        feed = client.get(url, **FORGED).text
        assert "evil.example" not in feed, url
        assert f"{SITE}/" in feed, url


def test_sitemap_and_robots_links_start_with_site_url(client, site):
    make_post()
    index = etree.fromstring(client.get("/sitemap.xml", **FORGED).content)
    locations = [loc.text for loc in index.iter("{*}loc")]
    posts = etree.fromstring(client.get("/sitemap-posts.xml", **FORGED).content)
    locations += [loc.text for loc in posts.iter("{*}loc")]
    assert locations and all(loc.startswith(f"{SITE}/") for loc in locations), locations
    assert f"Sitemap: {SITE}/sitemap.xml" in client.get("/robots.txt", **FORGED).text


def test_post_page_links_for_others_start_with_site_url(client, site):
    post = make_post("Shared")
    response = client.get(post.get_absolute_url(), **FORGED)
    html = response.text
    assert response["X-Pingback"] == f"{SITE}/xmlrpc.php"
    assert f'<link rel="canonical" href="{SITE}{post.get_absolute_url()}">' in html
    assert f'<meta property="og:url" content="{SITE}{post.get_absolute_url()}">' in html
    assert "evil.example" not in html


def test_comment_mails_link_to_site_url(client, site):
    set_rules(comments_must_be_approved=True)
    make_user("moderator", superuser=True)
    post = make_post()
    comment = make_comment(post, status=Comment.Status.PENDING)
    from comments.notifications import notify_moderators

    notify_moderators.call(comment.pk)

    (message,) = mail.outbox
    links = [word for word in message.body.split() if word.startswith("http")]
    assert links and all(link.startswith(f"{SITE}/") for link in links), links
