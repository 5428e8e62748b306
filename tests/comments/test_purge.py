"""`manage.py purge_comments`: spam and trash older than 30 days are emptied, nothing else."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from tests.comments.helpers import make_comment
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

Status = Comment.Status


def comment_changed(days_ago, status, post=None):
    comment = make_comment(post or make_post(), status=status, body=f"<p>{status} {days_ago}</p>")
    changed = timezone.now() - timezone.timedelta(days=days_ago)
    Comment.objects.filter(pk=comment.pk).update(status_changed=changed, created=changed)
    return comment


def purge():
    out = io.StringIO()
    call_command("purge_comments", stdout=out)
    return out.getvalue()


def remaining():
    return set(Comment.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_spam_and_trash_older_than_30_days_are_deleted(status):
    old = comment_changed(31, status)

    purge()

    assert old.pk not in remaining()


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_spam_and_trash_from_the_last_30_days_are_kept(status):
    recent = comment_changed(29, status)

    purge()

    assert recent.pk in remaining()


@pytest.mark.parametrize("status", [Status.PENDING, Status.APPROVED])
def test_old_comments_of_other_statuses_are_kept(status):
    old = comment_changed(400, status)

    purge()

    assert old.pk in remaining()


def test_the_age_counts_from_the_status_change_not_from_the_comment(client):
    comment = make_comment(make_post(), status=Status.APPROVED, minutes_ago=60 * 24 * 90)
    comment.set_status(Status.TRASH)

    purge()

    assert comment.pk in remaining()


def test_purging_reports_what_it_deleted():
    post = make_post()
    comment_changed(40, Status.SPAM, post)
    comment_changed(40, Status.TRASH, post)

    output = purge()

    assert "2" in output


def test_purging_twice_is_harmless():
    comment_changed(40, Status.SPAM)
    kept = comment_changed(1, Status.SPAM)

    purge()
    purge()

    assert remaining() == {kept.pk}


def test_purging_a_trashed_parent_keeps_its_approved_replies():
    post = make_post()
    parent = comment_changed(40, Status.TRASH, post)
    reply = make_comment(post, parent=parent, body="<p>still here</p>")

    purge()

    reply.refresh_from_db()
    assert reply.parent is None
    assert reply.status == Status.APPROVED
