"""`moderation.decide`: approved, pending or spam, and why; and the same rules through the form."""

import time

import pytest
from django.core import signing

from comments import moderation
from comments.forms import form_timestamp
from comments.models import Comment
from tests.comments.helpers import comment_form, make_comment, post_comment, send_form, set_rules
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

APPROVED, PENDING, SPAM = Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM


def new_comment(post=None, **fields):
    """An unsaved comment as the form builds it, from an author with an approved comment."""
    post = post or make_post()
    values = {
        "author_name": "Known Reader",
        "author_email": "known@example.com",
        "author_url": "",
        "body": "<p>A fine, ordinary comment.</p>",
        "ip": "192.0.2.10",
        "user_agent": "Mozilla/5.0 (ordinary)",
    }
    values.update(fields)
    return Comment(post=post, **values)


@pytest.fixture
def known_author():
    """The default author of `new_comment` has a previously approved comment."""
    make_comment(make_post(), author_name="Known Reader", author_email="known@example.com")


def test_an_ordinary_comment_from_a_known_author_is_approved(known_author):
    assert moderation.decide(new_comment()).status == APPROVED


# Spam signals the form noticed


@pytest.mark.parametrize(
    "signal",
    [
        "honeypot field filled in",
        "form timestamp missing",
        "form timestamp forged",
        "form timestamp expired",
        "form timestamp replayed",
    ],
)
def test_a_spam_signal_from_the_form_makes_spam_with_that_reason(known_author, signal):
    decision = moderation.decide(new_comment(), spam_signals=[signal])

    assert decision.status == SPAM
    assert signal in decision.reason


# Block words


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author_name", "Cheap Viagra Shop"),
        ("author_email", "viagra@spam.example"),
        ("author_url", "https://viagra.example/"),
        ("body", "<p>Buy VIAGRA here</p>"),
        ("ip", "203.0.113.66"),
        ("user_agent", "ViagraBot/1.0"),
    ],
)
def test_a_block_word_in_any_field_makes_spam(known_author, field, value):
    set_rules(block_words="viagra\n203.0.113.66")

    decision = moderation.decide(new_comment(**{field: value}))

    assert decision.status == SPAM
    assert "disallowed" in decision.reason


def test_block_words_beat_staff_approval():
    set_rules(block_words="casino")
    staff = make_user(staff=True)

    decision = moderation.decide(new_comment(user=staff, body="<p>Visit my casino</p>"))

    assert decision.status == SPAM


# Moderation words, links and the manual-approval setting


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("author_name", "Crypto Fan"),
        ("author_email", "crypto@example.com"),
        ("author_url", "https://crypto.example/"),
        ("body", "<p>What about crypto?</p>"),
        ("ip", "192.0.2.99"),
        ("user_agent", "CryptoBrowser"),
    ],
)
def test_a_moderation_word_in_any_field_holds_the_comment(known_author, field, value):
    set_rules(moderation_words="crypto\n192.0.2.99")

    decision = moderation.decide(new_comment(**{field: value}))

    assert decision.status == PENDING
    assert "moderation key" in decision.reason


def test_more_links_than_the_limit_hold_the_comment(known_author):
    body = "<p>See http://a.example and http://b.example and http://c.example</p>"

    decision = moderation.decide(new_comment(body=body))

    assert decision.status == PENDING
    assert "links" in decision.reason


def test_as_many_links_as_the_limit_pass(known_author):
    body = "<p>See http://a.example and http://b.example</p>"

    assert moderation.decide(new_comment(body=body)).status == APPROVED


def test_the_link_limit_is_a_setting(known_author):
    set_rules(links_before_hold=0)

    decision = moderation.decide(new_comment(body="<p>See http://a.example</p>"))

    assert decision.status == PENDING


def test_manual_approval_holds_every_comment(known_author):
    set_rules(comments_must_be_approved=True)

    decision = moderation.decide(new_comment())

    assert decision.status == PENDING
    assert "manually approved" in decision.reason


# Known authors and staff


def test_a_first_time_author_is_held():
    decision = moderation.decide(new_comment(author_name="New Face", author_email="new@ex.com"))

    assert decision.status == PENDING
    assert "first comment" in decision.reason


def test_an_author_with_a_previously_approved_comment_is_approved():
    make_comment(make_post(), author_name="Returning", author_email="back@example.com")

    decision = moderation.decide(
        new_comment(author_name="Returning", author_email="back@example.com")
    )

    assert decision.status == APPROVED


def test_a_previous_comment_that_was_not_approved_does_not_count():
    make_comment(
        make_post(), author_name="Returning", author_email="back@example.com", status=PENDING
    )

    decision = moderation.decide(
        new_comment(author_name="Returning", author_email="back@example.com")
    )

    assert decision.status == PENDING


def test_the_same_email_under_another_name_is_not_a_known_author():
    make_comment(make_post(), author_name="Returning", author_email="back@example.com")

    decision = moderation.decide(
        new_comment(author_name="Impostor", author_email="back@example.com")
    )

    assert decision.status == PENDING


def test_without_the_previous_approval_rule_a_first_time_author_is_approved():
    set_rules(require_previous_approval=False)

    decision = moderation.decide(new_comment(author_name="New Face", author_email="new@ex.com"))

    assert decision.status == APPROVED


def test_a_signed_in_staff_member_is_approved():
    set_rules(comments_must_be_approved=True, moderation_words="crypto")
    staff = make_user(staff=True)

    decision = moderation.decide(new_comment(user=staff, body="<p>Crypto question</p>"))

    assert decision.status == APPROVED
    assert "staff" in decision.reason


def test_a_signed_in_reader_who_is_not_staff_is_held_the_first_time():
    reader = make_user()

    decision = moderation.decide(
        new_comment(user=reader, author_name=reader.username, author_email=reader.email)
    )

    assert decision.status == PENDING


# The same rules, through the form


def saved():
    return Comment.objects.get()


def test_a_filled_honeypot_saves_the_comment_as_spam(client):
    post = make_post()

    response = post_comment(client, post, homepage="https://bot.example/")

    assert response.status_code == 302
    assert saved().status == SPAM
    assert "honeypot" in saved().moderation_reason


def test_a_missing_form_timestamp_saves_the_comment_as_spam(client):
    response = post_comment(client, make_post(), timestamp=None)

    assert response.status_code == 302
    assert saved().status == SPAM
    assert "timestamp missing" in saved().moderation_reason


def test_a_forged_form_timestamp_saves_the_comment_as_spam(client):
    post = make_post()
    genuine = form_timestamp(post)
    forged = genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB")

    response = post_comment(client, post, timestamp=forged)

    assert response.status_code == 302
    assert saved().status == SPAM
    assert "forged" in saved().moderation_reason


def test_a_timestamp_signed_for_another_post_saves_the_comment_as_spam(client):
    post = make_post()

    response = post_comment(client, post, timestamp=form_timestamp(make_post()))

    assert response.status_code == 302
    assert saved().status == SPAM
    assert "forged" in saved().moderation_reason


def test_an_expired_form_timestamp_saves_the_comment_as_spam(client, settings, monkeypatch):
    post = make_post()
    with monkeypatch.context() as past:
        shown_at = time.time() - settings.COMMENT_FORM_MAX_AGE - 60
        past.setattr(signing.time, "time", lambda: shown_at)
        old_timestamp = form_timestamp(post)

    response = post_comment(client, post, timestamp=old_timestamp)

    assert response.status_code == 302
    assert saved().status == SPAM
    assert "expired" in saved().moderation_reason


def test_a_form_timestamp_within_its_age_is_not_spam(client, settings, monkeypatch):
    post = make_post()
    with monkeypatch.context() as past:
        shown_at = time.time() - settings.COMMENT_FORM_MAX_AGE + 600
        past.setattr(signing.time, "time", lambda: shown_at)
        timestamp = form_timestamp(post)

    post_comment(client, post, timestamp=timestamp)

    assert saved().status == PENDING


def test_a_replayed_form_timestamp_saves_the_second_comment_as_spam(client):
    post = make_post()
    data = comment_form(client, post, body="First, honest comment")
    assert send_form(client, data, ip="10.1.0.1").status_code == 302

    replay = {**data, "body": "Second comment, same form", "author_name": "Bot"}
    response = send_form(client, replay, ip="10.1.0.2")

    assert response.status_code == 302
    first, second = Comment.objects.order_by("pk")
    assert first.status == PENDING
    assert second.status == SPAM
    assert "replayed" in second.moderation_reason


def test_a_block_word_through_the_form_saves_spam(client):
    set_rules(block_words="casino")

    post_comment(client, make_post(), body="Best casino bonus")

    assert saved().status == SPAM
    assert "casino" in saved().moderation_reason


def test_a_blocked_ip_through_the_form_saves_spam(client):
    set_rules(block_words="198.51.100.7")

    post_comment(client, make_post(), ip="198.51.100.7")

    assert saved().status == SPAM


def test_a_blocked_user_agent_through_the_form_saves_spam(client):
    set_rules(block_words="evilbot")

    post_comment(client, make_post(), user_agent="EvilBot/2.0")

    assert saved().status == SPAM


def test_a_moderation_word_through_the_form_holds_a_known_author(client):
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")
    set_rules(moderation_words="refund")

    post_comment(client, make_post(), body="I want a refund")

    assert Comment.objects.order_by("-pk").first().status == PENDING


def test_too_many_links_through_the_form_hold_a_known_author(client):
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")

    post_comment(client, make_post(), body="http://a.example http://b.example http://c.example")

    latest = Comment.objects.order_by("-pk").first()
    assert latest.status == PENDING
    assert "links" in latest.moderation_reason


def test_manual_approval_through_the_form_holds_a_known_author(client):
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")
    set_rules(comments_must_be_approved=True)

    post_comment(client, make_post())

    assert Comment.objects.order_by("-pk").first().status == PENDING


def test_a_first_comment_through_the_form_is_held(client):
    post_comment(client, make_post())

    assert saved().status == PENDING
    assert saved().moderation_reason == "first comment from this author"


def test_a_known_author_through_the_form_is_approved(client):
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")

    response = post_comment(client, make_post(), body="Back again")

    latest = Comment.objects.order_by("-pk").first()
    assert latest.status == APPROVED
    assert response["Location"].endswith(f"#comment-{latest.pk}")
    assert "unapproved" not in response["Location"]


def test_a_staff_member_through_the_form_is_approved_as_themselves(client):
    staff = make_user("editor", staff=True, first_name="Eddie", last_name="Editor")
    client.force_login(staff)

    post_comment(client, make_post(), author_name=None, author_email=None)

    comment = saved()
    assert comment.status == APPROVED
    assert comment.user == staff
    assert comment.author_name == "Eddie Editor"
    assert comment.author_email == staff.email


def test_the_moderation_reason_is_recorded_on_an_approved_comment(client):
    make_comment(make_post(), author_name="Ann Reader", author_email="ann@example.com")

    post_comment(client, make_post())

    assert Comment.objects.order_by("-pk").first().moderation_reason == "passed every rule"
