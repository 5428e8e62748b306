"""Revisions: every save keeps one; any two compare side by side; any one comes back."""

import pytest
from django.test import override_settings
from django.utils import timezone

from posts.models import Post, PostRevision
from tests.conftest import make_post, make_user
from tests.posts.editing import change_url, opened_form, post_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def wendy():
    return make_user("wendy", groups=["Authors"], first_name="Wendy")


@pytest.fixture
def arthur():
    return make_user("arthur", groups=["Authors"])


@pytest.fixture
def edna():
    return make_user("edna", groups=["Editors"])


def save_through_the_admin(client, post, **changes):
    response = client.post(change_url(post), opened_form(client, post, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    return response


def texts(post):
    return [(r.title, r.body) for r in post.revisions.all()]


def test_saving_a_post_in_the_admin_keeps_a_revision_of_title_excerpt_and_body_and_who(
    client, wendy
):
    post = make_post("First title", author=wendy)
    client.force_login(wendy)
    save_through_the_admin(client, post, title="Second title", excerpt="My summary.")
    latest = post.revisions.first()
    assert (latest.title, latest.excerpt, latest.body) == (
        "Second title",
        "My summary.",
        post.body,
    )
    assert latest.author == wendy
    assert post.revisions.count() == 2


def test_a_save_that_changes_neither_title_excerpt_nor_body_keeps_no_new_revision(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    save_through_the_admin(client, post, sticky="on")
    assert post.revisions.count() == 1


def test_a_save_outside_the_admin_is_credited_to_the_posts_author(wendy):
    post = make_post(author=wendy)
    post.body = "<p>Changed by an import.</p>"
    post.save()
    assert post.revisions.first().author == wendy
    assert post.revisions.count() == 2


@override_settings(POST_REVISIONS_KEPT=3)
def test_only_the_newest_revisions_are_kept(wendy):
    post = make_post("v0", author=wendy)
    for n in range(1, 6):
        post.title = f"v{n}"
        post.save()
    assert [r.title for r in post.revisions.all()] == ["v5", "v4", "v3"]


def test_the_revisions_screen_lists_them_newest_first_with_who_saved_them(client, wendy):
    post = make_post("Old title", author=wendy)
    client.force_login(wendy)
    save_through_the_admin(client, post, title="New title")
    response = client.get(post_url(post, "revisions/"))
    assert response.status_code == 200
    page = response.text
    assert page.index("New title") < page.index("Old title")
    assert "wendy" in page


def test_the_post_screen_links_to_its_revisions(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    assert f'href="{post_url(post, "revisions/")}"' in client.get(change_url(post)).text


def compare(client, post, old, new):
    return client.get(post_url(post, "revisions/compare/"), {"old": old.pk, "new": new.pk})


def test_comparing_two_revisions_marks_the_removed_and_the_added_words(client, wendy):
    post = make_post(author=wendy, body="<p>The quick brown fox.</p>")
    client.force_login(wendy)
    save_through_the_admin(client, post, body="<p>The slow brown fox.</p>")
    new, old = post.revisions.all()
    response = compare(client, post, old, new)
    assert response.status_code == 200
    assert "<del>quick</del>" in response.text
    assert "<ins>slow</ins>" in response.text
    assert "<del>brown</del>" not in response.text


def test_the_comparison_escapes_what_it_shows(client, wendy):
    post = make_post("Fish & <b>chips</b>", author=wendy)
    client.force_login(wendy)
    save_through_the_admin(client, post, title="Fish & <i>peas</i>")
    new, old = post.revisions.all()
    text = compare(client, post, old, new).text
    assert "<b>chips</b>" not in text and "<i>peas</i>" not in text
    assert "&lt;i&gt;peas&lt;/i&gt;" in text


def test_the_comparison_puts_the_older_revision_on_the_left_whichever_is_named_first(client, wendy):
    post = make_post("Before", author=wendy)
    client.force_login(wendy)
    save_through_the_admin(client, post, title="After")
    new, old = post.revisions.all()
    response = compare(client, post, new, old)
    assert response.context["old"] == old and response.context["new"] == new


def test_comparing_with_a_revision_of_another_post_is_not_found(client, wendy):
    post, other = make_post(author=wendy), make_post(author=wendy)
    client.force_login(wendy)
    assert compare(client, post, post.revisions.first(), other.revisions.first()).status_code == 404


@pytest.mark.parametrize("query", [{}, {"old": "x", "new": "1"}, {"old": "1"}])
def test_comparing_without_two_revision_ids_is_not_found(client, wendy, query):
    post = make_post(author=wendy)
    client.force_login(wendy)
    assert client.get(post_url(post, "revisions/compare/"), query).status_code == 404


def test_restoring_an_older_revision_puts_it_back_as_a_new_revision(client, wendy):
    post = make_post("Original", author=wendy, body="<p>First words.</p>")
    client.force_login(wendy)
    save_through_the_admin(client, post, title="Rewritten", body="<p>Other words.</p>")
    original = post.revisions.last()
    response = client.post(post_url(post, f"revisions/{original.pk}/restore/"))
    assert response.status_code == 302
    assert response["Location"] == change_url(post)
    post.refresh_from_db()
    assert (post.title, post.body) == ("Original", "<p>First words.</p>")
    assert texts(post) == [
        ("Original", "<p>First words.</p>"),
        ("Rewritten", "<p>Other words.</p>"),
        ("Original", "<p>First words.</p>"),
    ]
    assert post.revisions.first().author == wendy


def test_restoring_the_current_version_changes_nothing(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    updated = post.updated
    client.post(post_url(post, f"revisions/{post.revisions.first().pk}/restore/"))
    post.refresh_from_db()
    assert post.updated == updated
    assert post.revisions.count() == 1


def test_restoring_a_deleted_revision_is_not_found_and_changes_nothing(client, wendy):
    post = make_post("Keep me", author=wendy)
    client.force_login(wendy)
    save_through_the_admin(client, post, title="Current")
    old = post.revisions.last()
    old_pk = old.pk
    old.delete()
    assert client.post(post_url(post, f"revisions/{old_pk}/restore/")).status_code == 404
    post.refresh_from_db()
    assert post.title == "Current"


def test_restoring_a_revision_of_another_post_is_not_found(client, wendy):
    post, other = make_post("Mine", author=wendy), make_post("Other", author=wendy)
    client.force_login(wendy)
    url = post_url(post, f"revisions/{other.revisions.first().pk}/restore/")
    assert client.post(url).status_code == 404
    post.refresh_from_db()
    assert post.title == "Mine"


def test_restoring_needs_a_post_request(client, wendy):
    post = make_post(author=wendy)
    client.force_login(wendy)
    url = post_url(post, f"revisions/{post.revisions.first().pk}/restore/")
    assert client.get(url).status_code == 405


def test_an_author_cannot_read_another_authors_revisions(client, wendy, arthur):
    post = make_post(author=arthur)
    client.force_login(wendy)
    first = post.revisions.first()
    assert client.get(post_url(post, "revisions/")).status_code == 403
    assert compare(client, post, first, first).status_code == 403


def test_an_author_cannot_restore_another_authors_revision(client, wendy, arthur):
    post = make_post("Arthur's", author=arthur)
    first = post.revisions.first()
    post.title = "Arthur's second"
    post.save()
    client.force_login(wendy)
    assert client.post(post_url(post, f"revisions/{first.pk}/restore/")).status_code == 403
    post.refresh_from_db()
    assert post.title == "Arthur's second"
    assert post.revisions.count() == 2


def test_an_editor_can_read_and_restore_another_authors_revisions(client, edna, arthur):
    post = make_post("Arthur's", author=arthur)
    first = post.revisions.first()
    post.title = "Arthur's second"
    post.save()
    client.force_login(edna)
    assert client.get(post_url(post, "revisions/")).status_code == 200
    client.post(post_url(post, f"revisions/{first.pk}/restore/"))
    post.refresh_from_db()
    assert post.title == "Arthur's"
    assert post.revisions.first().author == edna


def test_the_revisions_of_a_missing_post_are_not_found(client, wendy):
    client.force_login(wendy)
    assert client.get("/admin/posts/post/999999/revisions/").status_code == 404


def test_deleting_a_post_deletes_its_revisions(wendy):
    post = make_post(author=wendy)
    post.delete()
    assert not PostRevision.objects.exists()


def test_the_revisions_screen_runs_a_fixed_number_of_queries(
    client, wendy, django_assert_max_num_queries
):
    post = make_post("v0", author=wendy)
    for n in range(1, 25):
        post.title = f"v{n}"
        post.save()
    others = [make_post(author=make_user()) for _ in range(5)]
    for other in others:
        PostRevision.objects.create(post=post, title="by another", author=other.author)
    client.force_login(wendy)
    with django_assert_max_num_queries(8):
        response = client.get(post_url(post, "revisions/"))
    assert len(response.context["revisions"]) == 30


def test_the_revisions_screen_and_comparison_are_fixed_in_cost_as_revisions_grow(
    client, wendy, django_assert_max_num_queries
):
    post = make_post("v0", author=wendy, body=" ".join(["<p>word</p>"] * 300))
    post.title = "v1"
    post.save()
    new, old = post.revisions.all()
    client.force_login(wendy)
    with django_assert_max_num_queries(8):
        assert compare(client, post, old, new).status_code == 200


def test_the_post_list_runs_a_fixed_number_of_queries(
    client, wendy, edna, django_assert_max_num_queries
):
    for n in range(60):
        make_post(f"Post {n}", author=wendy if n % 2 else edna, status=Post.Status.DRAFT)
    client.force_login(edna)
    with django_assert_max_num_queries(14):
        response = client.get("/admin/posts/post/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 60


def test_a_revision_remembers_when_it_was_saved(wendy):
    before = timezone.now()
    post = make_post(author=wendy)
    assert post.revisions.first().created >= before


def test_an_admin_subclassing_the_post_admin_gets_the_revision_and_editor_screens():
    from django.contrib.admin import AdminSite

    from posts.admin import PostAdmin

    class PageLikeAdmin(PostAdmin):
        pass

    names = {pattern.name for pattern in PageLikeAdmin(Post, AdminSite("other")).get_urls()}
    assert {
        "posts_post_revisions",
        "posts_post_revision_compare",
        "posts_post_revision_restore",
        "posts_post_autosave",
        "posts_post_autosave_new",
        "posts_post_lock",
        "posts_post_lock_take_over",
        "posts_post_change",
    } <= names
