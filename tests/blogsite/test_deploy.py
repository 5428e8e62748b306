"""Ready to deploy: a clean `check --deploy`, safe headers on every page, and demo content.

The system check runs in a subprocess with a production-like environment, so
it sees the settings module exactly as a server would.
"""

import os
import re
import secrets
import subprocess
import sys
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags

from posts.models import Category, Post, Tag
from tests.conftest import make_category, make_post, make_tag, make_user

REPO_ROOT = Path(__file__).resolve().parents[2]
ESSAY_TITLE = "Social media versus social networking"


def check_deploy(**environment):
    """`manage.py check --deploy --fail-level WARNING` as production would run it."""
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "blog.example.com"}
    # Test harnesses set these (Playwright needs async-unsafe ORM access); a server does not.
    for name in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy(SECRET_KEY=secrets.token_urlsafe(50))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "no issues" in output


def test_check_deploy_warns_about_the_default_secret_key():
    result = check_deploy()
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


# Headers on every public page


@pytest.fixture
def site():
    """One published post with a category and a tag, so every kind of public page exists."""
    category = make_category("Travel")
    tag = make_tag("trains")
    return make_post("Night train", author=make_user("wendy"), categories=[category], tags=[tag])


def public_pages(post):
    category, tag = post.categories.get(), post.tags.get()
    date = timezone.localtime(post.published_at)
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "category": category.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": f"/author/{post.author.username}/",
        "year": f"/{date:%Y}/",
        "month": f"/{date:%Y/%m}/",
        "day": f"/{date:%Y/%m/%d}/",
        "not-found": "/no/such/page/",
    }


PAGES = ["home", "post", "category", "tag", "author", "year", "month", "day", "not-found"]


def directives(policy):
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_public_page_forbids_inline_scripts_with_a_content_security_policy(client, site, page):
    response = client.get(public_pages(site)[page])
    assert response.status_code in (200, 404)
    policy = directives(response.headers["Content-Security-Policy"])
    script_sources = policy.get("script-src", policy.get("default-src"))
    assert script_sources is not None
    assert "'unsafe-inline'" not in script_sources


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_public_page_refuses_to_be_framed(client, site, page):
    response = client.get(public_pages(site)[page])
    assert response.headers["X-Frame-Options"] == "DENY"


# Demo content


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count() for model in (Post, Category, Tag, get_user_model())
    }


@pytest.mark.django_db
def test_seed_demo_adds_nothing_when_run_again():
    seed()
    after_first = counts()
    seed()
    assert after_first["Post"] > 0
    assert counts() == after_first


@pytest.mark.django_db
def test_seed_demo_prints_a_working_admin_password_only_the_first_time():
    first, second = seed(), seed()
    match = re.search(r"password:\s*(\S+)", first)
    assert match, first
    password = match.group(1)
    assert authenticate(username="admin", password=password) is not None
    assert password not in second
    assert "password:" not in second


@pytest.fixture
def essay(db):
    seed()
    return Post.objects.get(title=ESSAY_TITLE)


def test_seeded_essay_is_filed_under_uncategorized(essay):
    uncategorized = Category.objects.get(slug="uncategorized")
    assert list(essay.categories.all()) == [uncategorized]
    assert essay.primary_category == uncategorized


def test_seeded_essay_contains_a_blockquote(essay):
    assert "<blockquote>" in essay.body


def breadcrumb(html):
    nav = re.search(r'<nav[^>]*aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.DOTALL)
    assert nav, "no breadcrumb on the page"
    items = re.findall(r"<li\b[^>]*>(.*?)</li>", nav.group(1), re.DOTALL)
    return [" ".join(unescape(strip_tags(item)).split()) for item in items]


def test_seeded_essay_page_shows_the_breadcrumb_home_uncategorized_title(client, essay):
    response = client.get(essay.get_absolute_url())
    assert response.status_code == 200
    assert breadcrumb(response.text) == ["Home", "Uncategorized", ESSAY_TITLE]
