"""Models that moved to an app of their own keep their rows: a database made at the old
schema, with content, migrated to the new one (on SQLite and on PostgreSQL)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from likes.models import Like
from pings.models import OutgoingPing
from posts.models import Post
from tests.conftest import make_post

# Likes lived in the posts app, outgoing pings in the comments app.
BEFORE_THE_MOVE = [("posts", "0007_list_order_index"), ("comments", "0004_outgoingping")]


def migrate(targets=None):
    """Migrate the test database to `targets` (default: every app's latest); return the
    historical apps at that point."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_likes_and_outgoing_pings_keep_their_rows_when_their_models_move():
    old = migrate(BEFORE_THE_MOVE)
    User = old.get_model("auth", "User")
    OldPost = old.get_model("posts", "Post")
    OldLike = old.get_model("posts", "Like")
    OldOutgoingPing = old.get_model("comments", "OutgoingPing")
    OldContentType = old.get_model("contenttypes", "ContentType")
    author = User.objects.create(username="old-author")
    readers = [User.objects.create(username=f"old-reader-{n}") for n in range(3)]
    now = timezone.now()
    liked, unliked = (
        OldPost.objects.create(
            title=title,
            slug=title.lower(),
            author=author,
            status="published",
            published_at=now,
            published_on=now.date(),
            body="<p>Old words.</p>",
        )
        for title in ("Liked", "Unliked")
    )
    likes = [OldLike.objects.create(post=liked, user=reader) for reader in readers]
    ping = OldOutgoingPing.objects.create(
        post=liked,
        target_url="https://example.com/linked/",
        kind="pingback",
        result="sent",
        message="Thanks!",
        finished=now,
    )
    like_type_id = OldContentType.objects.get(app_label="posts", model="like").pk

    migrate()

    assert sorted(Like.objects.filter(post_id=liked.pk).values_list("pk", flat=True)) == sorted(
        like.pk for like in likes
    )
    assert Post.objects.get(pk=liked.pk).like_count == 3
    assert Post.objects.get(pk=unliked.pk).like_count == 0
    moved = OutgoingPing.objects.get(pk=ping.pk)
    assert (moved.post_id, moved.target_url, moved.result, moved.message) == (
        liked.pk,
        "https://example.com/linked/",
        OutgoingPing.Result.SENT,
        "Thanks!",
    )
    assert moved.finished - now < datetime.timedelta(seconds=1)
    # Permissions granted on likes before the move are the same rows after it.
    assert ContentType.objects.get_for_model(Like).pk == like_type_id
    assert Permission.objects.filter(content_type_id=like_type_id, codename="add_like").exists()
    assert not ContentType.objects.filter(app_label="posts", model="like").exists()
    tables = connection.introspection.table_names()
    assert {"likes_like", "pings_outgoingping"} <= set(tables)
    assert not {"posts_like", "comments_outgoingping"} & set(tables)


@pytest.mark.django_db(transaction=True)
def test_likes_and_outgoing_pings_move_back_with_their_rows():
    """The migrations can be reversed, as a deploy that rolls back needs."""
    post = make_post("Kept")
    like = Like.objects.create(post=post, user=post.author)

    old = migrate(BEFORE_THE_MOVE)

    assert old.get_model("posts", "Like").objects.filter(pk=like.pk, post_id=post.pk).exists()
    migrate()
    assert Like.objects.filter(pk=like.pk).exists()
