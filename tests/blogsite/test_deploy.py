"""Ready to deploy: a clean `check --deploy`, no start without a secret key, mail that
goes where EMAIL_URL says, safe headers on every page, and demo content.

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
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.html import strip_tags

from posts.models import Category, Post, Tag
from tests.conftest import make_category, make_post, make_tag, make_user

REPO_ROOT = Path(__file__).resolve().parents[2]
ESSAY_TITLE = "Social media versus social networking"


def run_as_a_server(*command, **environment):
    """`command` in a fresh Python, in a production-like environment changed by `environment`."""
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "blog.example.com"}
    # The test run sets these (pytest its version, which the settings let run on the
    # development key; Playwright async-unsafe ORM access); a server does not.
    for name in ("SECRET_KEY", "PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(environment)
    return subprocess.run(
        [sys.executable, *command],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(**environment):
    """`manage.py check --deploy --fail-level WARNING` as production would run it."""
    return run_as_a_server(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **environment
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy(SECRET_KEY=secrets.token_urlsafe(50))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "no issues" in output


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "django-insecure-development-only-set-SECRET_KEY", "django-insecure-" + "x" * 50],
    ids=["unset", "empty", "the development key", "another insecure key"],
)
def test_without_debug_the_site_refuses_to_start_without_a_real_secret_key(secret_key):
    result = check_deploy(**({} if secret_key is None else {"SECRET_KEY": secret_key}))

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_check_deploy_still_warns_about_a_weak_secret_key():
    result = check_deploy(SECRET_KEY="short")

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_with_debug_the_site_starts_on_the_development_key():
    result = run_as_a_server("manage.py", "check", DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# Mail


SEND_A_MAIL = (
    "import django; django.setup();"
    "from django.core.mail import send_mail;"
    "send_mail('Hello', 'A mail to keep.', 'blog@example.com', ['reader@example.com'])"
)


def test_filemail_writes_each_mail_to_a_file_in_its_directory(tmp_path):
    outbox = tmp_path / "outbox"
    result = run_as_a_server(
        "-c",
        SEND_A_MAIL,
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="blogsite.settings",
        EMAIL_URL=f"filemail:///{outbox}",
    )

    assert result.returncode == 0, result.stderr
    (mail,) = outbox.iterdir()
    assert "Subject: Hello" in mail.read_text()
    assert "A mail to keep." in mail.read_text()


def test_filemail_without_a_path_writes_to_var_mail_in_the_project():
    result = run_as_a_server(
        "-c",
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.MAILERS['default']['OPTIONS']['file_path'])",
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="blogsite.settings",
        EMAIL_URL="filemail://",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(REPO_ROOT / "var" / "mail")


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


def permissions(policy):
    """{feature: allowlist} from a Permissions-Policy header."""
    return dict(
        (part.strip().split("=", 1) for part in policy.split(",")) if policy.strip() else ()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_public_page_switches_off_the_browser_features_the_blog_never_uses(client, site, page):
    response = client.get(public_pages(site)[page])

    policy = permissions(response.headers["Permissions-Policy"])
    for feature in (
        "camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi",
        "display-capture", "browsing-topics", "interest-cohort",
    ):  # fmt: skip
        assert policy.get(feature) == "()", feature
    assert set(policy.values()) == {"()"}


@pytest.mark.django_db
def test_the_permissions_policy_leaves_the_content_security_policy_as_it_was(client, site):
    with_policy = client.get(site.get_absolute_url()).headers["Content-Security-Policy"]
    policy = "core.security.PermissionsPolicyMiddleware"
    with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != policy]):
        without = client.get(site.get_absolute_url()).headers["Content-Security-Policy"]

    assert re.sub(r"'nonce-[^']+'", "'nonce'", with_policy) == re.sub(
        r"'nonce-[^']+'", "'nonce'", without
    )


@pytest.mark.django_db
def test_a_page_served_from_the_page_cache_carries_the_permissions_policy(client, site):
    client.get("/")
    response = client.get("/")

    assert response.headers["X-Page-Cache"] == "hit"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_a_not_modified_answer_and_a_refusal_carry_the_permissions_policy(client, site):
    etag = client.get("/").headers["ETag"]
    not_modified = client.get("/", headers={"If-None-Match": etag})
    refusal = client.get("/", headers={"User-Agent": "\x00"})

    assert not_modified.status_code == 304
    assert refusal.status_code == 400
    for response in (not_modified, refusal):
        assert "camera=()" in response.headers["Permissions-Policy"]


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
