"""A new post mailed to the blog's followers: once each, when it is first public, in batches."""

from collections import Counter

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocalMemoryBackend
from django.utils import timezone

from comments import follows
from comments.follow_mail import check_content_setting
from comments.follow_models import FollowDelivery, Follower, FollowMailing
from core.tasks import run_worker_duties
from posts.models import Post
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

FOLLOWERS = ["ann@example.com", "bob@example.com", "cat@example.com"]


class WorkerDied(Exception):
    """Raised by the mail backend where a real worker would have been killed."""


@pytest.fixture(autouse=True)
def mail_queued_at_once(monkeypatch):
    """Mail is queued when a transaction commits, and a test's own never does: queue at once."""
    monkeypatch.setattr(follows, "enqueue_on_commit", lambda task, *args: task.enqueue(*args))


@pytest.fixture
def followers():
    return [
        Follower.objects.create(email=email, status=Follower.Status.CONFIRMED)
        for email in FOLLOWERS
    ]


class QueuedBatches:
    """Stands in for the batch task: records what is queued, and runs it when told to."""

    task = follows.mail_post_batch

    def __init__(self, run=True):
        self.queued, self.run = [], run

    def enqueue(self, post_id, delivery_ids):
        self.queued.append((post_id, delivery_ids))
        if self.run:
            self.task.call(post_id, delivery_ids)


def recipients(outbox):
    return sorted(address for message in outbox for address in message.to)


def html_part(message):
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


# When a post goes out


def test_publishing_a_post_mails_it_once_to_each_confirmed_follower(followers, mailoutbox):
    Follower.objects.create(email="pending@example.com")
    Follower.objects.create(email="gone@example.com", status=Follower.Status.UNSUBSCRIBED)

    post = make_post("Hello followers")

    assert recipients(mailoutbox) == FOLLOWERS
    assert all(m.subject.endswith("Hello followers") for m in mailoutbox)
    assert follows.sent_count(post) == 3


def test_a_draft_is_mailed_to_no_one(followers, mailoutbox):
    make_post(status=Post.Status.DRAFT)

    assert mailoutbox == []


def test_a_draft_is_mailed_when_it_is_published(followers, mailoutbox):
    post = make_post(status=Post.Status.DRAFT)

    post.status = Post.Status.PUBLISHED
    post.save()

    assert recipients(mailoutbox) == FOLLOWERS


def test_editing_a_published_post_mails_nothing_again(followers, mailoutbox):
    post = make_post()
    mailoutbox.clear()

    post.title = "A better title"
    post.body = "<p>Edited.</p>"
    post.save()

    assert mailoutbox == []


def test_taking_a_post_back_to_draft_and_publishing_it_again_mails_nothing_again(
    followers, mailoutbox
):
    post = make_post()
    mailoutbox.clear()

    post.status = Post.Status.DRAFT
    post.save()
    post.status = Post.Status.PUBLISHED
    post.save()

    assert mailoutbox == []


def test_a_follower_who_joins_after_a_post_went_out_is_not_sent_it(followers, mailoutbox):
    post = make_post()
    late = Follower.objects.create(email="late@example.com", status=Follower.Status.CONFIRMED)

    post.save()
    follows.announce_due_posts()

    assert "late@example.com" not in recipients(mailoutbox)
    assert not late.deliveries.exists()


def test_an_imported_post_edited_later_is_not_mailed(followers, mailoutbox):
    """Imports write posts in bulk, without saving each: its first save here is an edit."""
    author = make_user()
    (imported,) = Post.objects.bulk_create(
        [
            Post(
                title="From the old blog",
                slug="old",
                author=author,
                status=Post.Status.PUBLISHED,
                published_at=timezone.now() - timezone.timedelta(days=400),
                published_on=timezone.localdate() - timezone.timedelta(days=400),
            )
        ]
    )

    imported.title = "From the old blog, revised"
    imported.save()
    follows.announce_due_posts()

    assert mailoutbox == []


def test_a_save_of_other_fields_than_status_or_date_makes_no_mailing(followers, mailoutbox):
    post = make_post(status=Post.Status.DRAFT)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.PUBLISHED)
    post.refresh_from_db()

    post.save(update_fields=["sticky"])
    follows.announce_due_posts()

    assert mailoutbox == [] and not FollowMailing.objects.filter(post=post).exists()


# Scheduled posts


def test_a_scheduled_post_is_mailed_when_its_time_comes_not_before(followers, mailoutbox):
    post = make_post(published_at=timezone.now() + timezone.timedelta(hours=1))
    follows.announce_due_posts()
    assert mailoutbox == []

    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timezone.timedelta(1))
    follows.announce_due_posts()
    follows.announce_due_posts()

    assert recipients(mailoutbox) == FOLLOWERS


def test_the_task_workers_periodic_pass_sends_posts_that_came_due(followers, mailoutbox):
    post = make_post(published_at=timezone.now() + timezone.timedelta(hours=1))
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now())

    run_worker_duties()

    assert recipients(mailoutbox) == FOLLOWERS


def test_a_scheduled_post_taken_back_to_draft_is_not_mailed_when_its_time_passes(
    followers, mailoutbox
):
    post = make_post(published_at=timezone.now() + timezone.timedelta(hours=1))
    post.status = Post.Status.DRAFT
    post.save()
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now())

    follows.announce_due_posts()

    assert mailoutbox == []


def test_a_lost_announcement_is_made_by_the_next_periodic_pass(followers, mailoutbox, monkeypatch):
    monkeypatch.setattr(follows, "enqueue_on_commit", lambda task, *args: None)
    make_post()
    assert mailoutbox == []

    run_worker_duties()

    assert recipients(mailoutbox) == FOLLOWERS


def test_posts_public_before_following_existed_are_not_owed_to_anyone(followers, mailoutbox):
    """What the migration leaves for the posts already out: a mailing already listed."""
    post = make_post(status=Post.Status.DRAFT)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.PUBLISHED)
    FollowMailing.objects.create(post=post, listed_at=timezone.now())

    post.refresh_from_db()
    post.save()
    follows.announce_due_posts()

    assert mailoutbox == []


# The mail


def test_the_mail_has_the_full_post_in_html_and_plain_text_with_absolute_images(
    followers, mailoutbox, settings
):
    settings.SITE_URL = "https://blog.example.com"
    make_post(
        "Pictures",
        body='<p>First paragraph.</p><p><img src="/media/a.jpg" '
        'srcset="/media/a-300.jpg 300w, /media/a-600.jpg 600w" alt="A view"></p>'
        '<p>Second <a href="/about/">paragraph</a>.</p>',
    )

    mail = mailoutbox[0]
    html = html_part(mail)
    assert 'src="https://blog.example.com/media/a.jpg"' in html
    assert (
        'srcset="https://blog.example.com/media/a-300.jpg 300w, '
        'https://blog.example.com/media/a-600.jpg 600w"' in html
    )
    assert 'href="https://blog.example.com/about/"' in html
    assert "First paragraph.\n\n" in mail.body and "Second paragraph." in mail.body
    assert "<p>" not in mail.body


def test_the_mail_links_to_the_post_and_to_unsubscribe_in_one_click(followers, mailoutbox):
    post = make_post()

    mail = next(m for m in mailoutbox if m.to == ["ann@example.com"])
    unsubscribe = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/comments/follow/unsubscribe/" in unsubscribe
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in mail.body and unsubscribe in html_part(mail)
    assert post.get_absolute_url() in mail.body and post.get_absolute_url() in html_part(mail)


def test_each_followers_unsubscribe_link_is_their_own(followers, mailoutbox):
    make_post()

    links = {m.extra_headers["List-Unsubscribe"] for m in mailoutbox}
    assert len(links) == 3


def test_with_excerpt_content_the_mail_has_the_excerpt_and_not_the_body(
    followers, mailoutbox, settings
):
    settings.FOLLOW_MAIL_CONTENT = "excerpt"

    make_post(excerpt="The short version.", body="<p>The whole long story.</p>")

    mail = mailoutbox[0]
    assert "The short version." in mail.body and "The short version." in html_part(mail)
    assert "whole long story" not in mail.body and "whole long story" not in html_part(mail)
    assert "Read more" in mail.body


def test_an_unknown_content_setting_fails_the_system_check(settings):
    settings.FOLLOW_MAIL_CONTENT = "summary"

    (error,) = check_content_setting()

    assert error.id == "comments.E001" and "excerpt" in error.hint


def test_a_password_protected_post_is_mailed_without_its_content(followers, mailoutbox):
    make_post(password="sesame", excerpt="Secret summary", body="<p>Secret body.</p>")

    mail = mailoutbox[0]
    for text in (mail.body, html_part(mail)):
        assert "Secret" not in text and "password protected" in text


def test_the_html_part_escapes_the_title(followers, mailoutbox):
    make_post("Fish & <chips>")

    assert "Fish &amp; &lt;chips&gt;" in html_part(mailoutbox[0])


# Exactly once: batches that may run again


def test_followers_are_mailed_in_batches_of_the_configured_size(
    followers, mailoutbox, settings, monkeypatch
):
    settings.FOLLOW_MAIL_BATCH_SIZE = 2
    batches = QueuedBatches()
    monkeypatch.setattr(follows, "mail_post_batch", batches)

    make_post()

    assert [len(ids) for _, ids in batches.queued] == [2, 1]
    assert recipients(mailoutbox) == FOLLOWERS


def test_a_batch_run_again_sends_nothing_new(followers, mailoutbox):
    post = make_post()
    ids = list(FollowDelivery.objects.filter(post=post).values_list("pk", flat=True))

    again = follows.mail_post_batch.call(post.pk, ids)

    assert again == 0 and len(mailoutbox) == 3


def test_a_batch_that_died_midway_is_completed_by_its_next_run_without_repeats(
    followers, mailoutbox, monkeypatch
):
    send_messages = LocalMemoryBackend.send_messages
    calls = Counter()

    def second_one_dies(backend, messages):
        calls["sent"] += 1
        if calls["sent"] == 2:
            raise WorkerDied
        return send_messages(backend, messages)

    monkeypatch.setattr(LocalMemoryBackend, "send_messages", second_one_dies)
    post = make_post()
    assert len(mailoutbox) == 1
    ids = list(FollowDelivery.objects.filter(post=post).values_list("pk", flat=True))

    follows.mail_post_batch.call(post.pk, ids)

    assert recipients(mailoutbox) == FOLLOWERS


def test_listing_a_post_twice_writes_its_recipients_once(followers, mailoutbox):
    post = make_post()

    assert follows.list_recipients(post.pk) == 0
    assert FollowDelivery.objects.filter(post=post).count() == 3


def test_a_follower_who_unsubscribed_before_their_batch_ran_is_not_sent_it(
    followers, mailoutbox, monkeypatch
):
    batches = QueuedBatches(run=False)
    monkeypatch.setattr(follows, "mail_post_batch", batches)
    post = make_post()
    followers[0].unsubscribe()
    monkeypatch.undo()

    for args in batches.queued:
        follows.mail_post_batch.call(*args)

    assert recipients(mailoutbox) == FOLLOWERS[1:]
    assert follows.sent_count(post) == 2


def test_a_post_is_mailed_from_the_admins_publish_action(followers, mailoutbox, client):
    client.force_login(make_user("editor", superuser=True))
    post = make_post(status=Post.Status.DRAFT)

    client.post(
        "/admin/posts/post/",
        {"action": "publish_now", "_selected_action": [post.pk]},
    )

    assert recipients(mailoutbox) == FOLLOWERS
