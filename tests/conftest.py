"""Shared test set-up: plain HTTP to the test servers, and small factories."""

import itertools
import os
import shutil
import tempfile

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from posts.models import Category, Post, Tag

_counter = itertools.count(1)
# Without Redis, each test process keeps its cache to itself.
LOCAL_MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True, scope="session")
def plain_http_and_private_media():
    """Tests speak plain HTTP (production settings insist on HTTPS), upload to a temp
    dir, run background tasks at once and hash passwords quickly."""
    media_root = tempfile.mkdtemp(prefix="blogsite-media-")
    caches = {"CACHES": LOCAL_MEMORY_CACHE}
    if settings.REDIS_URL:
        # The shared Redis: this run's keys under a prefix of its own, cleared by prefix.
        redis = {**settings.CACHES["default"], "KEY_PREFIX": f"blogsite-tests-{os.getpid()}"}
        caches = {"CACHES": {"default": redis}}
    with override_settings(
        **caches,
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        SECURE_HSTS_SECONDS=0,
        MEDIA_ROOT=media_root,
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield
    shutil.rmtree(media_root, ignore_errors=True)


def clear_cache():
    """Empty the cache; on the shared Redis, only this run's keys (never FLUSHDB)."""
    if not settings.REDIS_URL or "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def empty_cache():
    clear_cache()
    yield
    clear_cache()


def make_user(
    username=None,
    *,
    groups=(),
    staff=False,
    superuser=False,
    email=None,
    password="pw-for-tests-123",
    **fields,
):
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(
        username,
        f"{username}@example.com" if email is None else email,
        password,
        is_staff=staff or bool(groups) or superuser,
        is_superuser=superuser,
        **fields,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_category(name=None, parent=None, **fields):
    name = name or f"Category {next(_counter)}"
    return Category.objects.create(name=name, parent=parent, **fields)


def make_tag(name=None):
    name = name or f"tag{next(_counter)}"
    return Tag.objects.create(name=name)


def make_post(
    title=None,
    *,
    author=None,
    status=Post.Status.PUBLISHED,
    published_at=None,
    categories=(),
    tags=(),
    **fields,
):
    """A post, published an hour ago unless told otherwise, with "Uncategorized" if no category."""
    post = Post.objects.create(
        title=title or f"Post {next(_counter)}",
        author=author or make_user(),
        status=status,
        published_at=published_at or timezone.now() - timezone.timedelta(hours=1),
        body=fields.pop("body", "<p>Some text for the post body.</p>"),
        **fields,
    )
    post.categories.set(categories)
    post.tags.set(tags)
    post.ensure_category()
    return post


@pytest.fixture
def author():
    return make_user("writer", first_name="Wendy", last_name="Writer")


@pytest.fixture(autouse=True)
def data_from_migrations(request):
    """Tests with `transaction=True` (browser tests, live servers, real concurrency) are
    flushed between tests, which also removes what data migrations made (the Authors,
    Editors and Moderators groups, the site); put it back so each starts from a migrated
    site."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from posts.site import sync_site

    sync_site()
    if Group.objects.filter(name="Moderators").exists():
        return
    for module, function in [
        ("posts.migrations.0002_default_category_and_roles", "create_defaults"),
        ("posts.migrations.0012_roles", "add_roles"),
        ("comments.migrations.0002_moderators_group", "create_group"),
        ("posts.migrations.0017_featured_image_from_the_library", "grant_media_permissions"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


def make_page(title=None, *, parent=None, author=None, status=Post.Status.PUBLISHED, **fields):
    """A page (published unless told otherwise) under `parent`, if given."""
    from posts.models import Page

    return Page.objects.create(
        title=title or f"Page {next(_counter)}",
        parent=parent,
        author=author or make_user(),
        status=status,
        body=fields.pop("body", "<p>What this page says.</p>"),
        **fields,
    )
