"""The post screen as WordPress authors know it: the Publish box (status, visibility, when,
Save Draft / Preview / Publish, Schedule or Update), categories, tags typed as text, and an
Author list of people who write."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from posts.models import Post, PostEditLock, Tag
from tests.conftest import make_category, make_post, make_tag, make_user
from tests.posts.editing import ADD_URL, POSTS_URL, change_url, local_parts, opened_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def wendy():
    return make_user("wendy", groups=["Authors"])


@pytest.fixture
def signed_in(client, wendy):
    client.force_login(wendy)
    return client


def publish_box(response):
    return response.context["publish_box"]


def added_post(client, **changes):
    response = client.post(ADD_URL, opened_form(client, None, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Post.objects.latest("pk"), response


# Layout


def test_the_post_screen_puts_the_publish_box_and_taxonomies_in_the_side_column(signed_in):
    page = signed_in.get(ADD_URL).text
    side = page[page.index('<div class="post-column-side">') :]
    for heading in ("Publish", "Categories", "Tags", "Featured image"):
        assert f">{heading}</h2>" in side
    assert 'name="body"' not in side


@pytest.mark.parametrize(
    ("post_kwargs", "label"),
    [
        (None, "Publish"),
        ({"status": Post.Status.DRAFT}, "Publish"),
        ({"status": Post.Status.PUBLISHED}, "Update"),
        (
            {
                "status": Post.Status.DRAFT,
                "published_at_chosen": True,
                "published_at": timezone.now() + timezone.timedelta(days=2),
            },
            "Schedule",
        ),
    ],
)
def test_the_main_button_says_what_it_will_do(signed_in, wendy, post_kwargs, label):
    url = change_url(make_post(author=wendy, **post_kwargs)) if post_kwargs else ADD_URL
    response = signed_in.get(url)
    assert publish_box(response)["main_label"] == label
    assert f"data-publish-button>{label}</button>" in response.text


# The Publish box's buttons


def test_save_draft_keeps_a_draft_and_stays_on_the_post_screen(signed_in):
    post, response = added_post(signed_in, title="A draft", _save_draft="1")
    assert post.status == Post.Status.DRAFT
    assert response["Location"] == change_url(post)


def test_save_draft_keeps_a_pending_post_pending(signed_in):
    post, _ = added_post(signed_in, title="For review", status="pending", _save_draft="1")
    assert post.status == Post.Status.PENDING


def test_publish_publishes_and_stays_on_the_post_screen(signed_in):
    post, response = added_post(signed_in, title="Live now", _publish="1")
    assert post.is_published
    assert response["Location"] == change_url(post)
    assert "Post published." in [m.message for m in response.wsgi_request._messages]


def test_preview_saves_a_draft_and_opens_it(signed_in):
    post, response = added_post(signed_in, title="Peek", _preview="1")
    assert post.status == Post.Status.DRAFT
    assert response["Location"] == post.get_absolute_url()
    assert signed_in.get(post.get_absolute_url()).status_code == 200


def test_publish_with_a_chosen_time_to_come_schedules_the_post(signed_in):
    later = timezone.now() + timezone.timedelta(days=3)
    post, _ = added_post(
        signed_in, title="Later", published_at_chosen="1", _publish="1", **local_parts(later)
    )
    assert post.is_scheduled
    assert abs((post.published_at - later).total_seconds()) < 1


def test_publish_with_a_chosen_time_gone_by_keeps_it(signed_in):
    earlier = timezone.now() - timezone.timedelta(days=30)
    post, _ = added_post(
        signed_in, title="Backdated", published_at_chosen="1", _publish="1", **local_parts(earlier)
    )
    assert post.is_published
    assert abs((post.published_at - earlier).total_seconds()) < 1


def test_a_chosen_time_needs_a_date(signed_in):
    data = opened_form(
        signed_in, None, title="When?", published_at_chosen="1", _publish="1", published_at_0=""
    )
    data["published_at_1"] = ""
    response = signed_in.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Choose the time, or publish immediately." in response.text
    assert not Post.objects.exists()


# Bug: publishing a draft kept the time the Add form was opened


def test_publishing_a_draft_goes_live_at_the_moment_it_is_published(signed_in):
    opened = opened_form(signed_in, None, title="Slow writer")
    opened_at = timezone.now() - timezone.timedelta(minutes=20)
    opened.update(local_parts(opened_at))  # the form was opened twenty minutes ago
    signed_in.post(ADD_URL, {**opened, "_save_draft": "1"})
    post = Post.objects.get()
    before = timezone.now()
    response = signed_in.post(change_url(post), opened_form(signed_in, post, _publish="1"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.published_at >= before
    assert post.published_on == timezone.localdate(before)


def test_publishing_straight_from_the_add_form_uses_the_moment_of_publishing(signed_in):
    opened = opened_form(signed_in, None, title="Quick", _publish="1")
    opened.update(local_parts(timezone.now() - timezone.timedelta(minutes=5)))
    before = timezone.now()
    signed_in.post(ADD_URL, opened)
    assert Post.objects.get().published_at >= before


def test_the_publish_now_action_publishes_an_old_draft_at_this_moment(client):
    client.force_login(make_user(superuser=True))
    draft = make_post(
        status=Post.Status.DRAFT, published_at=timezone.now() - timezone.timedelta(days=2)
    )
    before = timezone.now()
    client.post(POSTS_URL, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at >= before


def test_the_publish_now_action_keeps_a_time_the_author_chose(client):
    client.force_login(make_user(superuser=True))
    chosen = timezone.now() - timezone.timedelta(days=2)
    draft = make_post(status=Post.Status.DRAFT, published_at=chosen, published_at_chosen=True)
    client.post(POSTS_URL, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at == chosen


def test_updating_a_published_post_keeps_its_publication_time(signed_in, wendy):
    post = make_post(author=wendy)
    published_at = post.published_at.replace(microsecond=0)
    Post.objects.filter(pk=post.pk).update(published_at=published_at)
    post.refresh_from_db()
    signed_in.post(change_url(post), opened_form(signed_in, post, title="Typo fixed", _publish="1"))
    post.refresh_from_db()
    assert (post.title, post.published_at) == ("Typo fixed", published_at)


# Visibility


def test_private_visibility_publishes_privately(signed_in):
    post, _ = added_post(signed_in, title="Just us", visibility="private", _publish="1")
    assert post.status == Post.Status.PRIVATE


def test_password_visibility_needs_a_password(signed_in):
    data = opened_form(signed_in, None, title="Secret", visibility="password", _publish="1")
    response = signed_in.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Enter the password readers will need." in response.text
    assert not Post.objects.exists()


def test_password_visibility_keeps_the_password(signed_in):
    post, _ = added_post(
        signed_in, title="Secret", visibility="password", password="open sesame", _publish="1"
    )
    assert (post.status, post.password) == (Post.Status.PUBLISHED, "open sesame")


def test_public_visibility_clears_a_password(signed_in, wendy):
    post = make_post(author=wendy, password="old")
    signed_in.post(change_url(post), opened_form(signed_in, post, visibility="public"))
    post.refresh_from_db()
    assert post.password == ""


def test_making_a_private_post_public_publishes_it(signed_in, wendy):
    post = make_post(author=wendy, status=Post.Status.PRIVATE)
    assert opened_form(signed_in, post)["visibility"] == "private"
    signed_in.post(change_url(post), opened_form(signed_in, post, visibility="public"))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


# Categories and tags


def test_categories_are_a_checkbox_list_with_children_indented(signed_in):
    science = make_category("Science")
    make_category("Physics", parent=science)
    page = signed_in.get(ADD_URL).text
    assert 'type="checkbox" name="categories"' in page
    assert "— Physics" in page


def test_a_new_tag_typed_in_the_tag_box_is_created(signed_in):
    make_tag("django")
    post, _ = added_post(signed_in, title="Tagged", tag_names="Django, new idea ,  , new idea")
    assert sorted(t.name for t in post.tags.all()) == ["django", "new idea"]
    assert Tag.objects.count() == 2


def test_the_tag_box_shows_the_posts_tags(signed_in, wendy):
    post = make_post(author=wendy, tags=[make_tag("alpha"), make_tag("beta")])
    assert opened_form(signed_in, post)["tag_names"] == "alpha, beta"


def test_emptying_the_tag_box_removes_the_tags(signed_in, wendy):
    post = make_post(author=wendy, tags=[make_tag("alpha")])
    signed_in.post(change_url(post), opened_form(signed_in, post, tag_names=""))
    assert not post.tags.exists()


def test_someone_who_may_not_add_tags_cannot_create_one_by_typing_it(client):
    writer = make_user("limited", staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="posts", codename__in=["add_post", "change_post", "view_post"]
        )
    )
    make_tag("known")
    client.force_login(writer)
    data = opened_form(client, None, title="T", tag_names="known, unknown")
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "You may not create new tags" in response.text
    assert not Post.objects.exists() and Tag.objects.count() == 1


def test_an_overlong_tag_name_is_refused(signed_in):
    response = signed_in.post(ADD_URL, opened_form(signed_in, None, title="T", tag_names="x" * 101))
    assert response.status_code == 200
    assert "A tag name is at most 100 characters" in response.text
    assert not Post.objects.exists()


# Bug: reader accounts in the Author dropdown


def test_the_author_dropdown_offers_only_staff_who_may_write(client):
    make_user("reader")
    make_user("ex_staff", staff=False, groups=[])
    make_user("moderator", groups=["Moderators"])
    make_user("alice", groups=["Authors"])
    make_user("eddie", groups=["Editors"])
    boss = make_user("boss", superuser=True)
    client.force_login(boss)
    choices = client.get(ADD_URL).context["adminform"].form.fields["author"].queryset
    assert sorted(u.username for u in choices) == ["alice", "boss", "eddie"]


def test_the_author_dropdown_keeps_a_posts_current_author(client):
    reader = make_user("old_reader")
    post = make_post(author=reader)
    client.force_login(make_user("boss", superuser=True))
    choices = client.get(change_url(post)).context["adminform"].form.fields["author"].queryset
    assert "old_reader" in {u.username for u in choices}


# Bug: stale excerpts


def test_an_excerpt_the_author_did_not_write_follows_the_body(signed_in, wendy):
    post = make_post(author=wendy, body="<p>The first opening.</p>")
    assert post.excerpt == "The first opening."
    signed_in.post(change_url(post), opened_form(signed_in, post, body="<p>A better opening.</p>"))
    post.refresh_from_db()
    assert post.excerpt == "A better opening."


def test_an_excerpt_the_author_wrote_stays_when_the_body_changes(signed_in, wendy):
    post = make_post(author=wendy, body="<p>Body.</p>", excerpt="My own summary.")
    signed_in.post(change_url(post), opened_form(signed_in, post, body="<p>New body.</p>"))
    post.refresh_from_db()
    assert post.excerpt == "My own summary."


def test_a_derived_excerpt_follows_the_body_outside_the_admin_too(wendy):
    post = make_post(author=wendy, body="<p>Old words.</p>")
    post.body = "<p>New words.</p>"
    post.save()
    post.refresh_from_db()
    assert post.excerpt == "New words."


def test_someone_who_may_only_view_posts_sees_the_post_screen_read_only(client):
    viewer = make_user("viewer", staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="posts", codename="view_post")
    )
    post = make_post(author=viewer, tags=[make_tag("alpha")])
    client.force_login(viewer)
    response = client.get(change_url(post))
    assert response.status_code == 200
    assert 'name="title"' not in response.text
    assert "data-publish-button" not in response.text
    assert "alpha" in response.text
    assert not PostEditLock.objects.exists()
