"""Flat pages (django.contrib.flatpages, no longer installed) become pages at the same
address: a database with the old tables and rows, migrated forward."""

import pytest
from django.db import connection
from django.test import Client

from posts.models import Page, Post
from tests.blogsite.test_migrations import migrate

BEFORE = [("posts", "0010_pages")]
FLATPAGE_TABLES = [
    "CREATE TABLE django_flatpage (id integer PRIMARY KEY, url varchar(100) NOT NULL, "
    "title varchar(200) NOT NULL, content text NOT NULL, enable_comments boolean NOT NULL, "
    "template_name varchar(70) NOT NULL, registration_required boolean NOT NULL)",
    "CREATE TABLE django_flatpage_sites (id integer PRIMARY KEY, flatpage_id integer NOT NULL, "
    "site_id integer NOT NULL)",
]
FLATPAGES = [
    # id, url, title, content, comments, on the site, registration required
    (1, "/about/", "About", "<p>About us.</p>", False, True, False),
    (2, "/about/team/", "Team", '<p onclick="x()">The people.</p>', True, True, False),
    (3, "/lonely/child/", "Child", "<p>Only the child was a flat page.</p>", False, True, False),
    (4, "/legal.html", "Legal", "<p>Terms.</p>", False, True, False),
    (5, "/hidden/", "Hidden", "<p>On no site.</p>", False, False, False),
]


@pytest.fixture
def flatpage_tables():
    with connection.cursor() as cursor:
        for statement in FLATPAGE_TABLES:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_flatpage_sites")
        cursor.execute("DROP TABLE django_flatpage")


@pytest.mark.django_db(transaction=True)
def test_flatpages_from_the_old_schema_become_pages_at_their_addresses(flatpage_tables):
    migrate(BEFORE)
    with connection.cursor() as cursor:
        for pk, url, title, content, comments, on_site, registration in FLATPAGES:
            cursor.execute(
                "INSERT INTO django_flatpage VALUES (%s, %s, %s, %s, %s, '', %s)",
                [pk, url, title, content, comments, registration],
            )
            if on_site:
                cursor.execute("INSERT INTO django_flatpage_sites VALUES (%s, %s, 1)", [pk, pk])

    migrate()

    client = Client()
    team = client.get("/about/team/")
    assert team.status_code == 200
    assert '<h1 class="post-title">Team</h1>' in team.text
    assert "<p>The people.</p>" in team.text and "onclick" not in team.text
    assert "Leave a Reply" in team.text
    assert client.get("/about/").status_code == 200
    assert Page.objects.get(path="about/team").parent == Page.objects.get(path="about")
    assert client.get("/lonely/child/").status_code == 200
    assert client.get("/lonely/").status_code == 404
    assert Page.objects.get(path="lonely").status == Post.Status.DRAFT
    legal = client.get("/legal.html")
    assert (legal.status_code, legal["Location"]) == (301, "/legal-html/")
    assert client.get("/legal-html/").status_code == 200
    assert client.get("/hidden/").status_code == 404
    assert not Post.objects.exists()
