"""Following the blog: the Follow box, double opt-in, one-click unsubscribe, signed-in one click."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.test import Client

from comments import follows
from comments.follow_models import FollowDelivery, Follower
from tests.comments.helpers import fresh_ip
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_queued_at_once(monkeypatch):
    """Mail is queued when a transaction commits, and a test's own never does: queue at once."""
    monkeypatch.setattr(follows, "enqueue_on_commit", lambda task, *args: task.enqueue(*args))


def follow(client, email="ann@example.com", **fields):
    return client.post("/comments/follow/", {"email": email, **fields}, REMOTE_ADDR=fresh_ip())


def link_in(message, label):
    match = re.search(rf"{re.escape(label)}\s*(\S+)", message.body)
    assert match, f"no “{label}” link in:\n{message.body}"
    return urlsplit(match.group(1)).path


def confirm_link(mailoutbox):
    (mail,) = mailoutbox
    return link_in(mail, "To confirm, open this link:")


# The box


def test_the_follow_box_is_under_each_post_and_in_the_sidebar(client):
    html = client.get(make_post().get_absolute_url()).text

    assert html.count('action="/comments/follow/"') == 2
    assert 'id="follow-email-post"' in html and 'id="follow-email-sidebar"' in html


def test_the_follow_box_keeps_a_guests_post_page_cacheable(client):
    """No token, no cookie: the page is the same for every guest and is served from the cache."""
    post = make_post()
    first = client.get(post.get_absolute_url())

    again = Client().get(post.get_absolute_url())

    box = first.text.split('id="follow-title-post"', 1)[1].split("</section>", 1)[0]
    assert 'name="email"' in box and "csrfmiddlewaretoken" not in box
    assert not first.cookies
    assert again.headers.get("X-Page-Cache") == "hit"


def test_the_sidebar_box_is_on_every_page(client):
    make_post()

    assert 'id="follow-email-sidebar"' in client.get("/").text


# Double opt-in


def test_following_records_a_pending_follower_and_mails_a_confirmation(client, mailoutbox):
    response = follow(client, "Ann@Example.com")

    assert response.status_code == 200
    assert "Check your inbox" in response.text
    follower = Follower.objects.get()
    assert (follower.email, follower.status) == ("ann@example.com", Follower.Status.PENDING)
    assert confirm_link(mailoutbox).startswith("/comments/follow/confirm/")
    assert mailoutbox[0].to == ["ann@example.com"]


def test_the_confirmation_mail_has_one_click_unsubscribe_headers(client, mailoutbox):
    follow(client)

    (mail,) = mailoutbox
    header = mail.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https?://[^>]+/comments/follow/unsubscribe/[^>]+/>", header)
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_opening_the_confirmation_link_asks_before_confirming(client, mailoutbox):
    follow(client)

    response = Client().get(confirm_link(mailoutbox))

    assert response.status_code == 200
    assert "Confirm that you follow" in response.text
    assert Follower.objects.get().status == Follower.Status.PENDING


def test_posting_the_confirmation_link_confirms_the_follower(client, mailoutbox):
    follow(client)

    response = Client(enforce_csrf_checks=True).post(confirm_link(mailoutbox))

    assert response.status_code == 200
    assert "You follow" in response.text
    follower = Follower.objects.get()
    assert follower.status == Follower.Status.CONFIRMED and follower.confirmed_at is not None


def test_following_again_while_pending_sends_a_new_confirmation(client, mailoutbox):
    follow(client)
    follow(client)

    assert [m.to for m in mailoutbox] == [["ann@example.com"], ["ann@example.com"]]
    assert mailoutbox[0].extra_headers["Message-ID"] != mailoutbox[1].extra_headers["Message-ID"]
    assert Follower.objects.count() == 1


def test_a_confirmed_follower_following_again_is_sent_nothing(client, mailoutbox):
    Follower.objects.create(email="ann@example.com", status=Follower.Status.CONFIRMED)

    response = follow(client)

    assert response.status_code == 200 and mailoutbox == []


def test_an_address_is_sent_at_most_three_confirmations_a_day(client, mailoutbox):
    responses = [follow(client) for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert len(mailoutbox) == 3


def test_one_address_following_too_often_is_told_to_wait(client, mailoutbox):
    responses = [
        client.post("/comments/follow/", {"email": f"n{n}@example.com"}, REMOTE_ADDR="192.0.2.9")
        for n in range(11)
    ]

    assert [r.status_code for r in responses][-2:] == [200, 429]
    assert Follower.objects.count() == 10


def test_a_confirmation_task_run_twice_mails_once(mailoutbox):
    follower = Follower.objects.create(email="ann@example.com")

    runs = [follows.send_follow_confirmation.call(follower.pk) for _ in range(3)]

    assert runs == [1, 0, 0] and len(mailoutbox) == 1


# Unsubscribing


def confirmed_follower_mail(client, mailoutbox):
    follow(client)
    Client().post(confirm_link(mailoutbox))
    return mailoutbox[0]


def test_the_one_click_unsubscribe_post_works_without_csrf(client, mailoutbox):
    mail = confirmed_follower_mail(client, mailoutbox)
    url = urlsplit(mail.extra_headers["List-Unsubscribe"].strip("<>")).path

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    follower = Follower.objects.get()
    assert follower.status == Follower.Status.UNSUBSCRIBED and follower.unsubscribed_at


def test_opening_the_unsubscribe_link_asks_first(client, mailoutbox):
    mail = confirmed_follower_mail(client, mailoutbox)

    response = Client().get(link_in(mail, "To stop any mail from this blog:"))

    assert "Unsubscribe" in response.text
    assert Follower.objects.get().status == Follower.Status.CONFIRMED


def test_an_unsubscribed_follower_may_follow_again_through_a_new_confirmation(client, mailoutbox):
    Follower.objects.create(email="ann@example.com", status=Follower.Status.UNSUBSCRIBED)

    follow(client)

    assert Follower.objects.get().status == Follower.Status.PENDING
    assert confirm_link(mailoutbox)


# Signed-in readers


def signed_in(client, *, verified=True, email="reader@example.com"):
    user = make_user("reader", email=email)
    if verified:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    client.force_login(user)
    return user


def test_a_signed_in_reader_sees_a_one_click_follow_button_under_the_post(client):
    signed_in(client)

    html = client.get(make_post().get_absolute_url()).text

    box = html.split('id="follow-title-post"', 1)[1].split("</section>", 1)[0]
    assert "csrfmiddlewaretoken" in box and 'name="email"' not in box


def test_a_signed_in_reader_with_a_verified_address_follows_in_one_click(client, mailoutbox):
    user = signed_in(client)
    token = client.get(make_post().get_absolute_url()).cookies["csrftoken"].value

    response = client.post("/comments/follow/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 200
    follower = Follower.objects.get()
    assert (follower.email, follower.user, follower.status) == (
        "reader@example.com",
        user,
        Follower.Status.CONFIRMED,
    )
    assert mailoutbox == []
    assert "You follow this blog" in client.get(make_post().get_absolute_url()).text


def test_a_signed_in_reader_with_an_unverified_address_confirms_by_mail(client, mailoutbox):
    signed_in(client, verified=False)
    token = client.get(make_post().get_absolute_url()).cookies["csrftoken"].value

    response = client.post("/comments/follow/", {"csrfmiddlewaretoken": token})

    assert "Check your inbox" in response.text
    assert Follower.objects.get().status == Follower.Status.PENDING
    assert len(mailoutbox) == 1


def test_the_one_click_follow_is_refused_without_its_csrf_token(mailoutbox):
    client = Client(enforce_csrf_checks=True)
    signed_in(client)

    response = client.post("/comments/follow/", {})

    assert response.status_code == 403
    assert not Follower.objects.exists()


def test_a_signed_in_reader_without_an_address_is_asked_for_one(client):
    signed_in(client, verified=False, email="")
    token = client.get(make_post().get_absolute_url()).cookies["csrftoken"].value

    response = client.post("/comments/follow/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 400
    assert "no email address" in response.text
    assert not Follower.objects.exists()


# Bad input


@pytest.mark.parametrize("email", ["", "not-an-address", "ann@", "a" * 250 + "@example.com"])
def test_an_invalid_address_is_refused_with_a_message_and_nothing_saved(client, mailoutbox, email):
    response = follow(client, email)

    assert response.status_code == 400
    assert 'role="alert"' in response.text and "email address" in response.text
    assert not Follower.objects.exists() and mailoutbox == []


def test_the_honeypot_filled_in_saves_and_sends_nothing(client, mailoutbox):
    response = follow(client, homepage="https://bot.example/")

    assert response.status_code == 200
    assert not Follower.objects.exists() and mailoutbox == []


def test_a_get_of_the_follow_address_is_not_allowed(client):
    assert client.get("/comments/follow/").status_code == 405


def test_a_tampered_link_is_refused_with_a_clear_page_and_nothing_changed(client, mailoutbox):
    follow(client)
    link = confirm_link(mailoutbox)
    forged = link.replace("/confirm/", "/confirm/x")

    response = Client().post(forged)

    assert response.status_code == 400
    assert "This link is not valid" in response.text
    assert Follower.objects.get().status == Follower.Status.PENDING


def test_a_confirmation_link_cannot_unsubscribe(client, mailoutbox):
    follow(client)
    link = confirm_link(mailoutbox).replace("/confirm/", "/unsubscribe/")

    assert Client().post(link).status_code == 400
    assert Follower.objects.get().status == Follower.Status.PENDING


def test_an_expired_confirmation_link_is_refused_with_a_clear_page(client, mailoutbox, monkeypatch):
    follow(client)
    link = confirm_link(mailoutbox)
    monkeypatch.setattr(follows, "CONFIRM_LINK_MAX_AGE", -1)

    response = Client().post(link)

    assert response.status_code == 400
    assert "This link has expired" in response.text
    assert Follower.objects.get().status == Follower.Status.PENDING


def test_a_link_for_a_follower_since_deleted_says_so(client):
    follower = Follower.objects.create(email="gone@example.com")
    token = signing.dumps({"s": follower.pk, "a": "unsubscribe"}, salt=follows.FOLLOW_SALT)
    follower.delete()

    response = client.post(f"/comments/follow/unsubscribe/{token}/")

    assert response.status_code == 404 and "No such follower" in response.text


def test_a_comment_subscription_link_is_not_a_follow_link(client):
    follower = Follower.objects.create(email="ann@example.com")
    token = signing.dumps({"s": follower.pk, "a": "confirm"}, salt="comments.subscription")

    assert client.post(f"/comments/follow/confirm/{token}/").status_code == 400
    assert Follower.objects.get().status == Follower.Status.PENDING


def test_no_confirmation_delivery_is_kept_for_a_bot(client):
    follow(client, homepage="x")

    assert not FollowDelivery.objects.exists()
