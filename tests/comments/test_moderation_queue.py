"""The moderation queue: the admin's comment list, as WordPress's Comments screen."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from posts.models import Post
from tests.comments.helpers import make_comment, parse_html
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
Status = Comment.Status


@pytest.fixture
def moderator():
    return make_user("mod", groups=["Moderators"], first_name="Mo", last_name="Derator")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def one_of_each(post=None):
    post = post or make_post()
    return {
        status: make_comment(post, status=status, body=f"<p>A {status} comment</p>")
        for status in (Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH)
    }


def filter_links(response):
    page = parse_html(response.text)
    return [
        a.text.replace("( ", "(").replace(" )", ")")
        for a in page.find_all("a")
        if a.attrs.get("href", "").startswith("?")
    ]


def row_ids(response):
    page = parse_html(response.text)
    return {
        int(box.attrs["value"])
        for box in page.find_all("input", name="_selected_action")
        if box.attrs.get("value", "").isdigit()
    }


def test_the_status_filter_shows_counts(moderator_client):
    one_of_each()
    make_comment(make_post(), status=Status.PENDING, body="<p>another held one</p>")

    links = filter_links(moderator_client.get(QUEUE))

    for label in ("All (3)", "Pending (2)", "Approved (1)", "Spam (1)", "Trash (1)"):
        assert label in links, links


def test_all_lists_everything_but_spam_and_trash(moderator_client):
    comments = one_of_each()

    shown = row_ids(moderator_client.get(QUEUE))

    assert shown == {comments[Status.PENDING].pk, comments[Status.APPROVED].pk}


@pytest.mark.parametrize("status", [Status.PENDING, Status.APPROVED, Status.SPAM, Status.TRASH])
def test_each_status_filter_lists_only_that_status(moderator_client, status):
    comments = one_of_each()

    shown = row_ids(moderator_client.get(f"{QUEUE}?status={status}"))

    assert shown == {comments[status].pk}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("Zebedee", "author_name"),
        ("zeb@unusual.example", "author_email"),
        ("198.51.100.23", "ip"),
        ("marmalade", "body"),
    ],
)
def test_the_queue_can_be_searched_by_author_email_ip_and_text(moderator_client, query, field):
    post = make_post()
    wanted = make_comment(
        post,
        author_name="Zebedee Quill",
        author_email="zeb@unusual.example",
        ip="198.51.100.23",
        body="<p>I like marmalade</p>",
        status=Status.PENDING,
    )
    make_comment(post, body="<p>Nothing to see</p>", ip="192.0.2.1", status=Status.PENDING)

    shown = row_ids(moderator_client.get(QUEUE, {"q": query}))

    assert shown == {wanted.pk}, field


def test_each_row_links_to_the_post_it_is_on(moderator_client):
    post = make_post("The Commented Post")
    comment = make_comment(post, status=Status.PENDING)

    page = parse_html(moderator_client.get(QUEUE).text)

    hrefs = {a.attrs.get("href") for a in page.find_all("a")}
    assert f"/admin/posts/post/{post.pk}/change/" in hrefs
    assert comment.get_absolute_url() in hrefs
    assert "The Commented Post" in page.text


def test_each_row_shows_why_moderation_held_it(moderator_client):
    make_comment(
        make_post(), status=Status.PENDING, moderation_reason="contains 3 links (more than 2)"
    )

    response = moderator_client.get(QUEUE)

    assert "contains 3 links (more than 2)" in response.text


def run_action(client, action, comments):
    """Tick `comments` and run `action`, from the queue filtered on their status (as shown)."""
    status = comments[0].status
    response = client.post(
        f"{QUEUE}?status={status}",
        {"action": action, "_selected_action": [c.pk for c in comments], "index": 0},
    )
    for comment in comments:
        comment.refresh_from_db()
    return response


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("approve", Status.PENDING, Status.APPROVED),
        ("unapprove", Status.APPROVED, Status.PENDING),
        ("mark_spam", Status.PENDING, Status.SPAM),
        ("not_spam", Status.SPAM, Status.PENDING),
        ("trash", Status.APPROVED, Status.TRASH),
        ("restore", Status.TRASH, Status.PENDING),
    ],
)
def test_bulk_actions_change_the_status_and_keep_the_comments(
    moderator_client, action, before, after
):
    post = make_post()
    comments = [make_comment(post, status=before, body=f"<p>{n}</p>") for n in range(2)]

    response = run_action(moderator_client, action, comments)

    assert response.status_code == 302
    assert Comment.objects.count() == 2
    assert set(Comment.objects.values_list("status", flat=True)) == {after}


def test_a_bulk_action_records_who_did_it(moderator_client):
    comment = make_comment(make_post(), status=Status.PENDING)

    run_action(moderator_client, "approve", [comment])

    comment.refresh_from_db()
    assert "approved by mod" in comment.moderation_reason


def test_approving_in_the_queue_shows_the_comment_to_readers_at_once(moderator_client):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING, body="<p>Now you see me</p>")
    reader = Client()
    assert "Now you see me" not in reader.get(post.get_absolute_url()).text

    run_action(moderator_client, "approve", [comment])

    assert "Now you see me" in reader.get(post.get_absolute_url()).text
    run_action(moderator_client, "unapprove", [comment])
    assert "Now you see me" not in reader.get(post.get_absolute_url()).text


def test_bulk_actions_keep_the_comment_counter_exact(moderator_client):
    post = make_post()
    make_comment(post)
    comment = make_comment(post, status=Status.PENDING, body="<p>moving</p>")

    def count():
        return Post.objects.get(pk=post.pk).comment_count

    run_action(moderator_client, "approve", [comment])
    assert count() == 2
    run_action(moderator_client, "mark_spam", [comment])
    assert count() == 1
    run_action(moderator_client, "not_spam", [comment])
    run_action(moderator_client, "approve", [comment])
    assert count() == 2
    run_action(moderator_client, "trash", [comment])
    assert count() == 1
    run_action(moderator_client, "restore", [comment])
    assert count() == 1
    run_action(moderator_client, "approve", [comment])
    assert count() == 2


def test_the_pending_count_is_on_the_admin_index(moderator_client):
    one_of_each()
    make_comment(make_post(), status=Status.PENDING, body="<p>another held one</p>")

    response = moderator_client.get("/admin/")

    assert response.status_code == 200
    assert "Comments awaiting moderation: 2" in parse_html(response.text).text


def test_a_moderator_can_open_the_queue_and_a_comment(moderator_client):
    comment = make_comment(make_post(), status=Status.PENDING)

    assert moderator_client.get(QUEUE).status_code == 200
    assert moderator_client.get(f"{QUEUE}{comment.pk}/change/").status_code == 200


def test_a_moderator_cannot_add_posts(moderator_client):
    assert moderator_client.get("/admin/posts/post/add/").status_code == 403


def test_a_moderator_cannot_see_the_post_list(moderator_client):
    assert moderator_client.get("/admin/posts/post/").status_code == 403


def test_a_moderator_cannot_edit_a_post(moderator_client):
    post = make_post()

    assert moderator_client.get(f"/admin/posts/post/{post.pk}/change/").status_code == 403


def test_a_staff_user_who_is_not_a_moderator_cannot_open_the_queue(client):
    client.force_login(make_user(staff=True))

    assert client.get(QUEUE).status_code == 403


def change_form_data(comment, **changes):
    data = {
        "status": comment.status,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": comment.author_url,
        "body": comment.body,
        "reply": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_a_moderator_replies_from_the_change_form_as_themselves(moderator_client, moderator):
    post = make_post()
    comment = make_comment(post, status=Status.APPROVED)

    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/change/", change_form_data(comment, reply="Thanks for reading!")
    )

    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    assert reply.post == post
    assert reply.user == moderator
    assert reply.author_name == "Mo Derator"
    assert reply.status == Status.APPROVED
    assert "Thanks for reading!" in reply.body


def test_replying_to_a_held_comment_approves_it(moderator_client):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING)

    moderator_client.post(
        f"{QUEUE}{comment.pk}/change/", change_form_data(comment, reply="Welcome!")
    )

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert Post.objects.get(pk=post.pk).comment_count == 2


def test_a_reply_from_the_admin_is_sanitized(moderator_client):
    comment = make_comment(make_post())

    moderator_client.post(
        f"{QUEUE}{comment.pk}/change/",
        change_form_data(comment, reply="Hi <script>alert(1)</script>"),
    )

    assert "<script" not in Comment.objects.get(parent=comment).body


def test_changing_the_status_in_the_change_form_keeps_the_counter_exact(moderator_client):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING)

    moderator_client.post(
        f"{QUEUE}{comment.pk}/change/", change_form_data(comment, status=Status.APPROVED)
    )

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert Post.objects.get(pk=post.pk).comment_count == 1


def test_the_moderation_queue_does_not_offer_to_add_comments(moderator_client):
    assert moderator_client.get(f"{QUEUE}add/").status_code == 403


def test_the_queue_runs_the_same_queries_for_5_and_45_comments(moderator_client):
    post = make_post()

    def queries_with(count):
        for n in range(count - Comment.objects.count()):
            make_comment(post, status=Status.PENDING, body=f"<p>held {n}</p>")
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(QUEUE).status_code == 200
        return len(captured.captured_queries)

    assert queries_with(5) == queries_with(45)
