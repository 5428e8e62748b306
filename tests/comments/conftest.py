"""Fixtures of the comment tests: a discussed post on a frozen clock."""

import datetime
from unittest import mock

import pytest

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.conftest import make_category, make_post, make_tag, make_user

NOW = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)


def at(minutes):
    return NOW - datetime.timedelta(minutes=minutes)


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def discussed(frozen_now):
    """A post with threads three deep, an author link or none, a reply by Webmention, pings,
    a Like sent by Webmention, the signed-in reader's own fresh comment, a guest's held one."""
    author = make_user("wendy", id=9100, first_name="Wendy", last_name="Writer")
    reader = make_user("rita", id=9101, first_name="Rita", last_name="Reader")
    topic = make_category("Gardening", id=9200)
    tags = [make_tag("roses"), make_tag("soil")]
    for n, minutes in enumerate((3000, 2000, 1000)):
        make_post(
            f"Older post {n}",
            id=9300 + n,
            author=author,
            published_at=at(minutes * 60),
            categories=[topic],
            tags=tags[n % 2 :][:1],
        )
    post = make_post(
        "Roses in June",
        id=9310,
        author=author,
        published_at=at(600),
        categories=[topic],
        tags=tags,
        body="<p>The roses are out.</p>",
    )
    c = {}

    def add(name, minutes, parent=None, **fields):
        fields.setdefault("author_name", name.title())
        fields.setdefault("author_email", f"{name}@example.com")
        fields.setdefault("body", f"<p>{name.title()} says hello &amp; more.</p>")
        c[name] = make_comment(
            post,
            id=9400 + len(c),
            parent=c.get(parent),
            created=at(minutes),
            **fields,
        )

    add("ann", 500, author_url="https://ann.example/")
    add("bob", 490, "ann")
    add("cy", 480, "bob", author_url="https://cy.example/")
    add("dee", 470, "cy")
    add("eve", 460)
    add(
        "fay",
        450,
        "eve",
        kind=Comment.Kind.WEBMENTION,
        webmention_type=Comment.WebmentionType.REPLY,
        source_url="https://fay.example/reply/1",
        author_url="https://fay.example/",
    )
    add("gus", 440, status=Comment.Status.SPAM)
    add("hal", 430, "gus")
    add("ivy", 420, "ann")
    add("track", 410, kind=Comment.Kind.TRACKBACK, source_url="https://t.example/a")
    add("ping", 400, kind=Comment.Kind.PINGBACK, author_url="https://p.example/b", body="")
    add(
        "men",
        390,
        kind=Comment.Kind.WEBMENTION,
        webmention_type=Comment.WebmentionType.MENTION,
        source_url="https://m.example/c",
    )
    add(
        "liker",
        380,
        kind=Comment.Kind.WEBMENTION,
        webmention_type=Comment.WebmentionType.LIKE,
        source_url="https://l.example/d",
    )
    add("rita", 2, "eve", user=reader)
    add("guest", 1, "ann", status=Comment.Status.PENDING, author_url="https://guest.example/")
    add("jo", 300, status=Comment.Status.TRASH)
    return {"post": post, "reader": reader, "comments": c}
