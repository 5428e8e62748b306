"""Related posts are kept on each post when posts are written, and follow every change
that moves a post in or out of them."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from posts import related
from posts.models import Post
from tests.conftest import make_category, make_post, make_tag
from tests.posts.test_reading import related_titles

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def shown(client, post):
    return related_titles(client.get(post.get_absolute_url()).text)


def test_a_newly_published_post_sharing_a_tag_joins_the_related_posts(client):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], published_at=hours_ago(5))
    draft = make_post("Later", tags=[tag], status=Post.Status.DRAFT)
    assert shown(client, post) == []

    draft.status = Post.Status.PUBLISHED
    draft.save()

    assert shown(client, post) == ["Later"]


def test_a_related_post_taken_back_to_draft_leaves_and_the_next_newest_takes_its_place(client):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], published_at=hours_ago(10))
    for n in range(4):
        make_post(f"Sibling {n}", tags=[tag], published_at=hours_ago(5 - n))
    assert shown(client, post) == ["Sibling 3", "Sibling 2", "Sibling 1"]

    sibling = Post.objects.get(title="Sibling 2")
    sibling.status = Post.Status.DRAFT
    sibling.save()

    assert shown(client, post) == ["Sibling 3", "Sibling 1", "Sibling 0"]


def test_a_post_that_loses_the_shared_tag_leaves_the_related_posts(client):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], categories=[make_category()], published_at=hours_ago(5))
    sibling = make_post("Sibling", tags=[tag], categories=[make_category()])
    assert shown(client, post) == ["Sibling"]

    sibling.tags.remove(tag)

    assert shown(client, post) == []


def test_a_tag_emptied_of_its_posts_takes_them_out_of_each_others_related_posts(client):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], categories=[make_category()], published_at=hours_ago(5))
    make_post("Sibling", tags=[tag], categories=[make_category()])

    tag.posts.clear()

    assert shown(client, post) == []


def test_a_deleted_post_leaves_the_related_posts(client):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], published_at=hours_ago(5))
    make_post("Doomed", tags=[tag]).delete()

    assert shown(client, post) == []
    assert Post.objects.get(pk=post.pk).related_post_ids == []


def test_a_scheduled_post_joins_the_related_posts_when_its_time_comes(client):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], published_at=hours_ago(5))
    for n in range(3):
        make_post(f"Sibling {n}", tags=[tag], published_at=hours_ago(4 - n))
    make_post("Scheduled", tags=[tag], published_at=timezone.now() + datetime.timedelta(hours=1))
    assert shown(client, post) == ["Sibling 2", "Sibling 1", "Sibling 0"]

    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert related_titles_of(post) == ["Scheduled", "Sibling 2", "Sibling 1"]


def related_titles_of(post):
    return [p.title for p in related.related_posts(Post.objects.get(pk=post.pk))]


def test_the_related_posts_are_read_in_one_query(django_assert_num_queries):
    tag = make_tag()
    post = make_post("Reading", tags=[tag], published_at=hours_ago(5))
    for n in range(5):
        make_post(f"Sibling {n}", tags=[tag])
    post = Post.objects.get(pk=post.pk)

    with django_assert_num_queries(1):
        assert len(related.related_posts(post)) == 3


def test_posts_written_in_a_batch_get_their_related_posts_at_its_end(client):
    tag = make_tag()
    with related.batch():
        post = make_post("Reading", tags=[tag], published_at=hours_ago(5))
        make_post("Sibling", tags=[tag])
        assert Post.objects.get(pk=post.pk).related_post_ids == []

    assert shown(client, post) == ["Sibling"]
