"""The moderation queue's row actions: one click per comment, with or without JavaScript."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from posts.models import Post
from tests.comments.helpers import make_comment, page_of, parse_html
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
Status = Comment.Status
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def moderator():
    return make_user("mod", groups=["Moderators"], first_name="Mo", last_name="Derator")


@pytest.fixture
def mod(client, moderator):
    client.force_login(moderator)
    return client


def act(client, comment, action, *, next_url=f"{QUEUE}?status=pending&p=2", **extra):
    return client.post(
        f"{QUEUE}{comment.pk}/moderate/{action}/",
        {"next": next_url, **extra.pop("data", {})},
        **extra,
    )


def fresh(comment):
    comment.refresh_from_db()
    return comment


def test_approving_without_javascript_comes_back_to_the_same_place_with_a_message(mod):
    comment = make_comment(make_post(), status=Status.PENDING, author_name="Ann")

    response = act(mod, comment, "approve")

    assert response.status_code == 302
    assert response.url == f"{QUEUE}?status=pending&p=2#comment-{comment.pk}"
    assert fresh(comment).status == Status.APPROVED
    assert "approved by mod" in comment.moderation_reason
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Comment by Ann approved."]


def test_the_queue_page_after_an_action_offers_its_undo(mod):
    comment = make_comment(make_post(), status=Status.PENDING, author_name="Ann")
    act(mod, comment, "spam")

    page = page_of(mod.get(f"{QUEUE}?status=pending"))

    undo = page.find("button", cls="queue-undo")
    assert undo.attrs["formaction"] == f"{QUEUE}{comment.pk}/moderate/undo/"
    assert undo.attrs["form"] == "queue-row-action"
    assert page.by_id("queue-row-action").attrs["method"] == "post"
    assert "Comment by Ann marked as spam." in page.by_id("queue-notices").text


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("approve", Status.PENDING, Status.APPROVED),
        ("unapprove", Status.APPROVED, Status.PENDING),
        ("spam", Status.APPROVED, Status.SPAM),
        ("unspam", Status.SPAM, Status.PENDING),
        ("trash", Status.PENDING, Status.TRASH),
        ("restore", Status.TRASH, Status.PENDING),
    ],
)
def test_each_row_action_changes_the_status(mod, action, before, after):
    comment = make_comment(make_post(), status=before)

    assert act(mod, comment, action).status_code == 302

    assert fresh(comment).status == after


def test_with_javascript_the_answer_is_the_changed_row_its_post_and_the_counts(mod):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING, author_name="Ann")
    make_comment(post, status=Status.PENDING, body="<p>another</p>")
    make_comment(make_post(), status=Status.SPAM)

    data = act(mod, comment, "approve", **JSON).json()

    assert data["message"] == "Comment by Ann approved."
    assert data["counts"] == {"all": 2, "pending": 1, "approved": 1, "spam": 1, "trash": 0}
    assert data["post"] == {"id": post.pk, "pending": 1}
    assert data["comment"]["status"] == Status.APPROVED
    cell = parse_html(data["comment"]["cells"]["comment_column"])
    actions = [b.attrs["data-action"] for b in cell.find_all(cls="queue-action")]
    assert actions == ["unapprove", "reply", "quickedit", "spam", "trash"]
    assert data["undo"]["url"] == f"{QUEUE}{comment.pk}/moderate/undo/"


def test_undo_restores_the_previous_status_and_reason(mod):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING, moderation_reason="contains 3 links")
    token = act(mod, comment, "approve", **JSON).json()["undo"]["token"]
    assert Post.objects.get(pk=post.pk).comment_count == 1

    data = act(mod, comment, "undo", data={"token": token}, **JSON).json()

    assert (fresh(comment).status, comment.moderation_reason) == (
        Status.PENDING,
        "contains 3 links",
    )
    assert data["counts"]["pending"] == 1
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_undo_is_refused_once_the_comment_has_moved_on(mod):
    comment = make_comment(make_post(), status=Status.PENDING)
    token = act(mod, comment, "approve", **JSON).json()["undo"]["token"]
    act(mod, comment, "spam")

    response = act(mod, comment, "undo", data={"token": token}, **JSON)

    assert response.status_code == 409
    assert fresh(comment).status == Status.SPAM


def test_a_forged_undo_changes_nothing(mod):
    comment = make_comment(make_post(), status=Status.APPROVED)

    response = act(mod, comment, "undo", data={"token": "pending:forged"})

    assert response.status_code == 400
    assert "no longer available" in response.text
    assert fresh(comment).status == Status.APPROVED


def test_an_undo_token_works_only_for_its_own_comment(mod):
    post = make_post()
    first = make_comment(post, status=Status.PENDING)
    second = make_comment(post, status=Status.APPROVED, body="<p>other</p>")
    token = act(mod, first, "approve", **JSON).json()["undo"]["token"]

    assert act(mod, second, "undo", data={"token": token}).status_code == 400
    assert fresh(second).status == Status.APPROVED


def test_an_unknown_comment_is_not_found(mod):
    response = mod.post(f"{QUEUE}999999/moderate/approve/")

    assert response.status_code == 404


def test_an_unknown_action_is_a_bad_request_and_changes_nothing(mod):
    comment = make_comment(make_post(), status=Status.PENDING)

    response = act(mod, comment, "publish")

    assert response.status_code == 400
    assert "not a moderation action" in response.text
    assert fresh(comment).status == Status.PENDING


def test_an_action_the_status_does_not_offer_is_refused(mod):
    comment = make_comment(make_post(), status=Status.SPAM)

    response = act(mod, comment, "approve", **JSON)

    assert response.status_code == 409
    assert "spam now" in response.json()["error"]
    assert fresh(comment).status == Status.SPAM


def test_a_row_action_is_a_post(mod):
    comment = make_comment(make_post(), status=Status.PENDING)

    assert mod.get(f"{QUEUE}{comment.pk}/moderate/approve/").status_code == 405
    assert fresh(comment).status == Status.PENDING


def test_a_row_action_needs_the_csrf_token(moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = make_comment(make_post(), status=Status.PENDING)

    assert act(client, comment, "approve").status_code == 403
    assert fresh(comment).status == Status.PENDING


def test_staff_who_may_not_moderate_are_refused(client):
    client.force_login(make_user(staff=True))
    comment = make_comment(make_post(), status=Status.PENDING)

    assert act(client, comment, "approve").status_code == 403
    assert client.get(f"{QUEUE}{comment.pk}/reply/").status_code == 403
    assert fresh(comment).status == Status.PENDING


def test_a_guest_is_sent_to_sign_in(client):
    comment = make_comment(make_post(), status=Status.PENDING)

    response = act(client, comment, "approve")

    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert fresh(comment).status == Status.PENDING


def test_a_next_address_off_the_queue_is_not_followed(mod):
    comment = make_comment(make_post(), status=Status.PENDING)

    response = act(mod, comment, "approve", next_url="https://evil.example/admin/comments/")

    assert response.url == f"{QUEUE}#comment-{comment.pk}"


def test_deleting_permanently_needs_the_delete_permission(mod, moderator):
    comment = make_comment(make_post(), status=Status.SPAM)

    assert act(mod, comment, "delete").status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()

    moderator.user_permissions.add(Permission.objects.get(codename="delete_comment"))
    data = act(mod, comment, "delete", **JSON).json()

    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert data["comment"] == {"id": comment.pk, "deleted": True}
    assert data["undo"] is None


def test_after_a_permanent_deletion_the_page_comes_back_without_an_anchor(mod, moderator):
    moderator.user_permissions.add(Permission.objects.get(codename="delete_comment"))
    comment = make_comment(make_post(), status=Status.TRASH)

    response = act(mod, comment, "delete", next_url=f"{QUEUE}?status=trash")

    assert response.url == f"{QUEUE}?status=trash"
    assert "deleted permanently" in [str(m) for m in get_messages(response.wsgi_request)][0]


def test_only_spam_and_trash_can_be_deleted_permanently(mod, moderator):
    moderator.user_permissions.add(Permission.objects.get(codename="delete_comment"))
    comment = make_comment(make_post(), status=Status.APPROVED)

    assert act(mod, comment, "delete").status_code == 409
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_the_spam_view_offers_not_spam_and_delete_to_those_who_may_delete(mod, moderator):
    comment = make_comment(make_post(), status=Status.SPAM)

    def actions():
        page = page_of(mod.get(f"{QUEUE}?status=spam"))
        return [
            a.attrs["data-action"]
            for a in page.by_id(f"comment-{comment.pk}").find_all(cls="queue-action")
        ]

    assert actions() == ["unspam"]
    moderator.user_permissions.add(Permission.objects.get(codename="delete_comment"))
    assert actions() == ["unspam", "delete"]


def test_each_row_links_to_the_full_edit_form(mod):
    comment = make_comment(make_post(), status=Status.PENDING)

    page = page_of(mod.get(QUEUE))

    link = page.by_id(f"comment-{comment.pk}").find("a", cls="queue-edit-link")
    assert link.attrs["href"] == f"{QUEUE}{comment.pk}/change/"


def test_the_trash_view_offers_restore(mod):
    comment = make_comment(make_post(), status=Status.TRASH)

    page = page_of(mod.get(f"{QUEUE}?status=trash"))

    row = page.by_id(f"comment-{comment.pk}")
    assert [a.attrs["data-action"] for a in row.find_all(cls="queue-action")] == ["restore"]


def test_a_row_action_shows_the_change_to_readers_at_once(mod):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING, body="<p>Now you see me</p>")
    reader = Client()
    assert "Now you see me" not in reader.get(post.get_absolute_url()).text

    act(mod, comment, "approve")
    assert "Now you see me" in reader.get(post.get_absolute_url()).text
    act(mod, comment, "trash")
    assert "Now you see me" not in reader.get(post.get_absolute_url()).text


def test_a_row_action_tells_the_post_author_of_an_approved_comment(
    mod, mailoutbox, django_capture_on_commit_callbacks
):
    post = make_post(author=make_user(email="author@example.com"))
    comment = make_comment(post, status=Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        act(mod, comment, "approve")

    assert any("author@example.com" in m.to for m in mailoutbox)


# Reply and Quick Edit


def test_the_reply_page_works_without_javascript(mod):
    comment = make_comment(make_post(), status=Status.PENDING, author_name="Ann")

    page = page_of(
        mod.get(
            f"{QUEUE}{comment.pk}/reply/", HTTP_REFERER=f"http://testserver{QUEUE}?status=pending"
        )
    )

    form = page.find("form", cls="queue-inline-form")
    assert form.find("textarea") is not None
    assert form.find("input", name="next").attrs["value"] == f"{QUEUE}?status=pending"
    assert "Approve and Reply" in form.text


def test_a_reply_is_published_and_approves_the_held_comment(mod, moderator):
    post = make_post()
    comment = make_comment(post, status=Status.PENDING)

    response = mod.post(
        f"{QUEUE}{comment.pk}/reply/",
        {
            f"reply-{comment.pk}-body": "Thanks <script>x</script>",
            "next": f"{QUEUE}?status=pending",
        },
    )

    assert response.status_code == 302
    assert response.url == f"{QUEUE}?status=pending#comment-{comment.pk}"
    reply = Comment.objects.get(parent=comment)
    assert (reply.user, reply.status) == (moderator, Status.APPROVED)
    assert "<script" not in reply.body
    assert fresh(comment).status == Status.APPROVED
    assert Post.objects.get(pk=post.pk).comment_count == 2


def test_an_empty_reply_is_refused_and_saves_nothing(mod):
    comment = make_comment(make_post(), status=Status.PENDING)

    response = mod.post(f"{QUEUE}{comment.pk}/reply/", {f"reply-{comment.pk}-body": ""}, **JSON)

    assert response.status_code == 400
    assert response.json()["errors"]["body"] == ["Please type your reply."]
    assert not Comment.objects.filter(parent=comment).exists()
    assert fresh(comment).status == Status.PENDING


def test_a_spam_comment_cannot_be_answered(mod):
    comment = make_comment(make_post(), status=Status.SPAM)

    assert mod.get(f"{QUEUE}{comment.pk}/reply/").status_code == 409


def test_quick_edit_corrects_the_author_and_text_and_answers_the_new_row(mod):
    comment = make_comment(make_post(), status=Status.APPROVED)
    prefix = f"edit-{comment.pk}"

    data = mod.post(
        f"{QUEUE}{comment.pk}/quick-edit/",
        {
            f"{prefix}-author_name": "Ann Corrected",
            f"{prefix}-author_email": "ann@example.org",
            f"{prefix}-author_url": "https://ann.example/",
            f"{prefix}-body": "<p>Fixed <script>x</script>typo</p>",
        },
        **JSON,
    ).json()

    fresh(comment)
    assert (comment.author_name, comment.author_email) == ("Ann Corrected", "ann@example.org")
    assert "<script" not in comment.body and "Fixed" in comment.body
    assert comment.status == Status.APPROVED
    assert "Ann Corrected" in data["comment"]["cells"]["author_column"]


def test_quick_edit_with_a_bad_email_changes_nothing(mod):
    comment = make_comment(make_post(), author_email="ok@example.com")
    prefix = f"edit-{comment.pk}"

    response = mod.post(
        f"{QUEUE}{comment.pk}/quick-edit/",
        {
            f"{prefix}-author_name": "Ann",
            f"{prefix}-author_email": "not an email",
            f"{prefix}-body": "<p>x</p>",
        },
    )

    assert response.status_code == 400
    assert fresh(comment).author_email == "ok@example.com"


# What each row shows


def test_each_row_shows_the_author_the_reason_the_post_and_its_pending_count(mod):
    post = make_post("The Commented Post")
    comment = make_comment(
        post,
        status=Status.PENDING,
        author_name="Zeb",
        author_email="zeb@example.com",
        author_url="https://zeb.example/",
        ip="198.51.100.7",
        moderation_reason="contains 3 links (more than 2)",
    )
    make_comment(post, status=Status.PENDING, body="<p>second</p>")

    page = page_of(mod.get(QUEUE))

    row = page.by_id(f"comment-{comment.pk}").parent.parent
    assert row.tag == "tr"
    text = row.text
    for shown in ("Zeb", "zeb@example.com", "zeb.example/", "198.51.100.7"):
        assert shown in text
    assert row.find("a", cls="queue-author-url").attrs["href"] == "https://zeb.example/"
    assert "Why: contains 3 links (more than 2)" in text
    assert row.find("img", cls="queue-avatar") is not None
    pending = row.find("a", cls="queue-post-pending")
    assert pending.attrs["data-post-pending"] == str(post.pk)
    assert "2 pending" in pending.text
    assert "The Commented Post" in text


def test_the_pending_count_of_a_post_links_to_its_held_comments(mod):
    post, other = make_post(), make_post()
    held = make_comment(post, status=Status.PENDING)
    make_comment(other, status=Status.PENDING)

    response = mod.get(QUEUE, {"status": "pending", "post__id__exact": post.pk})

    ids = {
        int(b.attrs["value"])
        for b in parse_html(response.text).find_all("input", name="_selected_action")
    }
    assert ids == {held.pk}


def test_the_page_lists_the_keyboard_shortcuts(mod):
    page = page_of(mod.get(QUEUE))

    keys = [k.text for k in page.find("section", cls="queue-shortcuts").find_all("kbd")]
    assert keys == ["j", "k", "a", "u", "s", "t", "r", "q", "z"]


@pytest.mark.parametrize("count", [10, 500])
def test_the_queue_runs_a_fixed_number_of_queries(mod, count, django_assert_max_num_queries):
    posts = [make_post() for _ in range(5)]
    Comment.objects.bulk_create(
        Comment(
            post=posts[n % 5],
            author_name=f"R{n}",
            author_email=f"r{n}@example.com",
            body=f"<p>{n}</p>",
            status=Status.PENDING if n % 2 else Status.APPROVED,
            moderation_reason="first comment from this author",
        )
        for n in range(count)
    )
    mod.get(QUEUE)  # the session and the permission cache, which are not the page's cost

    # Session, user, two permission lookups, the status counts, the paginator's two counts,
    # the app list, the rows, their revisions, the header's pending count, two for the dates.
    with django_assert_max_num_queries(13):
        assert mod.get(QUEUE).status_code == 200


def test_the_queue_runs_the_same_queries_for_10_and_500_comments(mod):
    post = make_post()

    def queries_with(count):
        Comment.objects.bulk_create(
            Comment(post=post, author_name="R", body=f"<p>{n}</p>", status=Status.PENDING)
            for n in range(count - Comment.objects.count())
        )
        with CaptureQueriesContext(connection) as captured:
            assert mod.get(QUEUE).status_code == 200
        return len(captured.captured_queries)

    assert queries_with(10) == queries_with(500)
