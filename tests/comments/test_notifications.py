"""Mail about comments: moderators, the post's author, and double opt-in subscribers."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from comments import notifications
from comments.models import Comment, Subscription
from tests.comments.helpers import fresh_ip, make_comment, post_comment, set_rules
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_queued_at_once(monkeypatch):
    """Mail is queued when a transaction commits, and a test's own never does: queue at
    once, as after a request's commit (test_mail_delivery.py tests the waiting)."""
    monkeypatch.setattr(notifications, "enqueue_on_commit", lambda task, *args: task.enqueue(*args))


def link_in(message, label):
    """The path of the link after `label` in a mail's body."""
    match = re.search(rf"{re.escape(label)}\s*(\S+)", message.body)
    assert match, f"no “{label}” link in:\n{message.body}"
    return urlsplit(match.group(1)).path


def mails_to(outbox, email):
    return [m for m in outbox if email in m.to]


@pytest.fixture
def moderator():
    return make_user("mod", groups=["Moderators"], email="mod@example.com")


@pytest.fixture
def known_reader():
    """Ann has an approved comment elsewhere, so her next one is approved at once."""
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")


# Held comments: moderators are asked, with one-click links


def test_a_held_comment_is_mailed_to_each_moderator_and_superuser(client, mailoutbox, moderator):
    admin = make_user("boss", superuser=True, email="boss@example.com")
    make_user("nomail", groups=["Moderators"], email="")
    make_user("reader", email="reader@example.com")
    post = make_post()

    post_comment(client, post, body="Please approve me")

    mails = [m for m in mailoutbox if "moderate" in m.subject.lower()]
    assert sorted(m.to for m in mails) == sorted([[moderator.email], [admin.email]])
    assert all("Please approve me" in m.body and post.title in m.subject for m in mails)


def test_the_moderation_mail_has_approve_spam_and_trash_links(client, mailoutbox, moderator):
    post_comment(client, make_post())

    (mail,) = mails_to(mailoutbox, moderator.email)
    for label in ("Approve it:", "Spam it:", "Trash it:"):
        assert link_in(mail, label).startswith("/comments/moderate/")


def test_an_approved_comment_is_not_sent_to_moderators(client, mailoutbox, moderator, known_reader):
    post_comment(client, make_post())

    assert Comment.objects.order_by("-pk").first().status == Comment.Status.APPROVED
    assert not mails_to(mailoutbox, moderator.email)


def test_spam_is_not_sent_to_moderators(client, mailoutbox, moderator):
    post_comment(client, make_post(), homepage="https://bot.example/")

    assert not mails_to(mailoutbox, moderator.email)


def test_moderators_are_not_mailed_when_the_setting_is_off(client, mailoutbox, moderator):
    set_rules(notify_moderators=False)

    post_comment(client, make_post())

    assert not mails_to(mailoutbox, moderator.email)


def held_comment_link(client, mailoutbox, moderator, label):
    post_comment(client, make_post(), body="Held words")
    (mail,) = mails_to(mailoutbox, moderator.email)
    return Comment.objects.get(body="<p>Held words</p>"), link_in(mail, label)


def test_a_moderation_link_asks_a_signed_in_moderator_to_confirm(client, mailoutbox, moderator):
    comment, link = held_comment_link(client, mailoutbox, moderator, "Approve it:")
    moderating = Client()
    moderating.force_login(moderator)

    response = moderating.get(link)

    assert response.status_code == 200
    assert "Approve this comment?" in response.text
    assert re.search(r'<form method="post"', response.text)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("Approve it:", Comment.Status.APPROVED),
        ("Spam it:", Comment.Status.SPAM),
        ("Trash it:", Comment.Status.TRASH),
    ],
)
def test_posting_to_a_moderation_link_performs_it(client, mailoutbox, moderator, label, status):
    comment, link = held_comment_link(client, mailoutbox, moderator, label)
    moderating = Client()
    moderating.force_login(moderator)

    response = moderating.post(link)

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == status
    assert moderator.username in comment.moderation_reason


def test_a_moderation_link_sends_an_anonymous_visitor_to_sign_in(client, mailoutbox, moderator):
    comment, link = held_comment_link(client, mailoutbox, moderator, "Approve it:")

    response = Client().post(link)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert "next=" in response["Location"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_moderation_link_refuses_a_user_without_permission(client, mailoutbox, moderator):
    comment, link = held_comment_link(client, mailoutbox, moderator, "Approve it:")
    stranger = Client()
    stranger.force_login(make_user("reader"))

    response = stranger.post(link)

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_tampered_moderation_link_is_not_found(client, mailoutbox, moderator):
    comment, link = held_comment_link(client, mailoutbox, moderator, "Approve it:")
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-3] + ("abc" if not token.endswith("abc") else "xyz"))
    moderating = Client()
    moderating.force_login(moderator)

    response = moderating.post(tampered)

    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


# Approved comments: the post's author and confirmed subscribers are told


def test_an_approved_comment_is_mailed_to_the_post_author(client, mailoutbox, known_reader):
    writer = make_user("writer", email="writer@example.com")
    post = make_post(author=writer)

    post_comment(client, post, body="Lovely piece")

    (mail,) = mails_to(mailoutbox, "writer@example.com")
    assert "Lovely piece" in mail.body
    assert post.title in mail.subject


def test_a_held_comment_is_not_mailed_to_the_post_author(client, mailoutbox):
    post = make_post(author=make_user("writer", email="writer@example.com"))

    post_comment(client, post)

    assert not mails_to(mailoutbox, "writer@example.com")


def test_the_post_author_is_not_mailed_about_their_own_comment(client, mailoutbox):
    writer = make_user("writer", staff=True, email="writer@example.com")
    post = make_post(author=writer)
    client.force_login(writer)

    post_comment(client, post, author_name=None, author_email=None)

    assert Comment.objects.get().status == Comment.Status.APPROVED
    assert not mails_to(mailoutbox, "writer@example.com")


def test_the_post_author_is_not_mailed_when_the_setting_is_off(client, mailoutbox, known_reader):
    set_rules(notify_post_author=False)
    post = make_post(author=make_user("writer", email="writer@example.com"))

    post_comment(client, post)

    assert not mails_to(mailoutbox, "writer@example.com")


def test_approving_a_held_comment_mails_the_post_author(client, mailoutbox, moderator):
    post = make_post(author=make_user("writer", email="writer@example.com"))
    post_comment(client, post, body="Held then approved")
    comment = Comment.objects.get()
    assert not mails_to(mailoutbox, "writer@example.com")

    comment.set_status(Comment.Status.APPROVED)

    assert len(mails_to(mailoutbox, "writer@example.com")) == 1


def test_the_approval_mail_is_sent_only_once(client, mailoutbox):
    post = make_post(author=make_user("writer", email="writer@example.com"))
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)
    post_comment(client, post)
    comment = Comment.objects.get()

    comment.set_status(Comment.Status.APPROVED)
    Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.PENDING)
    Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED)
    comment.refresh_from_db()
    comment.set_status(Comment.Status.PENDING)
    comment.set_status(Comment.Status.APPROVED)

    assert len(mails_to(mailoutbox, "writer@example.com")) == 1
    assert len(mails_to(mailoutbox, "fan@example.com")) == 1


def test_confirmed_subscribers_are_mailed_about_an_approved_comment(
    client, mailoutbox, known_reader
):
    post = make_post()
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)

    post_comment(client, post, body="News for fans")

    (mail,) = mails_to(mailoutbox, "fan@example.com")
    assert "News for fans" in mail.body


def test_unconfirmed_subscribers_get_nothing(client, mailoutbox, known_reader):
    post = make_post()
    Subscription.objects.create(post=post, email="maybe@example.com", confirmed=False)

    post_comment(client, post)

    assert not mails_to(mailoutbox, "maybe@example.com")


def test_subscribers_of_another_post_get_nothing(client, mailoutbox, known_reader):
    Subscription.objects.create(post=make_post(), email="fan@example.com", confirmed=True)

    post_comment(client, make_post())

    assert not mails_to(mailoutbox, "fan@example.com")


def test_the_commenter_is_not_mailed_about_their_own_comment(client, mailoutbox, known_reader):
    post = make_post()
    Subscription.objects.create(post=post, email="ann@example.com", confirmed=True)

    post_comment(client, post, author_email="ANN@example.com")

    assert not mails_to(mailoutbox, "ann@example.com")


def test_subscribers_are_not_mailed_about_a_held_comment(client, mailoutbox):
    post = make_post()
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)

    post_comment(client, post)

    assert not mails_to(mailoutbox, "fan@example.com")


def test_every_mail_to_a_subscriber_has_one_click_unsubscribe_headers(
    client, mailoutbox, known_reader
):
    post = make_post()
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)

    post_comment(client, post)

    (mail,) = mails_to(mailoutbox, "fan@example.com")
    header = mail.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https?://[^>]+/comments/subscription/unsubscribe/[^>]+/>", header)
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in mail.body


# Subscribing: double opt-in


def subscribe(client, post, mailoutbox, email="ann@example.com"):
    response = post_comment(client, post, subscribe="on", author_email=email, ip=fresh_ip())
    assert response.status_code == 302
    (mail,) = [m for m in mails_to(mailoutbox, email) if "Confirm" in m.subject]
    return mail


def test_subscribing_sends_a_confirmation_mail_with_a_signed_link(client, mailoutbox):
    post = make_post()

    mail = subscribe(client, post, mailoutbox)

    subscription = Subscription.objects.get()
    assert (subscription.post, subscription.email) == (post, "ann@example.com")
    assert not subscription.confirmed
    assert link_in(mail, "open this link:").startswith("/comments/subscription/confirm/")


def test_the_confirmation_mail_has_one_click_unsubscribe_headers(client, mailoutbox):
    mail = subscribe(client, make_post(), mailoutbox)

    assert mail.extra_headers["List-Unsubscribe"].startswith("<http")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_opening_the_confirmation_link_asks_before_confirming(client, mailoutbox):
    mail = subscribe(client, make_post(), mailoutbox)

    response = Client().get(link_in(mail, "open this link:"))

    assert response.status_code == 200
    assert '<form method="post"' in response.text
    assert not Subscription.objects.get().confirmed


def test_posting_the_confirmation_link_confirms_the_subscription(client, mailoutbox):
    mail = subscribe(client, make_post(), mailoutbox)

    response = Client().post(link_in(mail, "open this link:"))

    assert response.status_code == 200
    assert "Subscription confirmed" in response.text
    assert Subscription.objects.get().confirmed


def test_a_tampered_confirmation_link_is_not_found(client, mailoutbox):
    mail = subscribe(client, make_post(), mailoutbox)
    link = link_in(mail, "open this link:")
    token = link.rstrip("/").rsplit("/", 1)[1]

    response = Client().post(link.replace(token, token[:-3] + "zzz"))

    assert response.status_code == 404
    assert not Subscription.objects.get().confirmed


def test_an_unsubscribe_link_cannot_confirm(client, mailoutbox):
    mail = subscribe(client, make_post(), mailoutbox)
    unsubscribe = link_in(mail, "To stop any mail about this post:")

    response = Client().post(unsubscribe.replace("/unsubscribe/", "/confirm/"))

    assert response.status_code == 404
    assert not Subscription.objects.get().confirmed


def test_a_confirmed_subscriber_is_mailed_from_then_on(client, mailoutbox):
    post = make_post()
    mail = subscribe(client, post, mailoutbox, email="fan@example.com")
    Client().post(link_in(mail, "open this link:"))
    make_comment(make_post(), author_name="Bob", author_email="bob@example.com")

    post_comment(client, post, author_name="Bob", author_email="bob@example.com", ip=fresh_ip())

    assert len(mails_to(mailoutbox, "fan@example.com")) == 2


def test_the_one_click_unsubscribe_link_deletes_the_subscription_without_csrf(
    client, mailoutbox, known_reader
):
    post = make_post()
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)
    post_comment(client, post)
    (mail,) = mails_to(mailoutbox, "fan@example.com")
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        urlsplit(mail.extra_headers["List-Unsubscribe"].strip("<>")).path,
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_unsubscribe_link_in_the_body_asks_before_unsubscribing(
    client, mailoutbox, known_reader
):
    post = make_post()
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)
    post_comment(client, post)
    (mail,) = mails_to(mailoutbox, "fan@example.com")
    link = link_in(mail, "Unsubscribe in one click:")

    response = Client().get(link)

    assert response.status_code == 200
    assert Subscription.objects.exists()
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200
    assert not Subscription.objects.exists()


def test_an_unsubscribed_reader_gets_no_more_mail(client, mailoutbox, known_reader):
    post = make_post()
    Subscription.objects.create(post=post, email="fan@example.com", confirmed=True)
    post_comment(client, post, body="First")
    (mail,) = mails_to(mailoutbox, "fan@example.com")
    Client().post(link_in(mail, "Unsubscribe in one click:"))

    post_comment(client, post, body="Second", ip=fresh_ip())

    assert len(mails_to(mailoutbox, "fan@example.com")) == 1


def test_a_spam_comment_does_not_subscribe_or_send_a_confirmation(client, mailoutbox):
    post_comment(
        client,
        make_post(),
        subscribe="on",
        author_email="victim@example.com",
        homepage="https://bot.example/",
    )

    assert Comment.objects.get().status == Comment.Status.SPAM
    assert not mails_to(mailoutbox, "victim@example.com")
    assert not Subscription.objects.exists()
