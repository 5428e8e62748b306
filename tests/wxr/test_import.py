"""Importing a WordPress export: what becomes of each kind of thing in it.

Most tests import tests/wxr/fixtures/blog.xml, a small export written for them: threaded
comments of every status and kind, sticky, scheduled, password-protected, draft, pending
and private posts, nested pages, shortcodes, the more tag, blocks and attachments.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db.models.signals import post_save
from PIL import Image

from comments.models import Comment
from posts.models import Attachment, Category, Page, Post, Tag
from tests.conftest import make_post
from wxr.importer import Importer

from .helpers import FIXTURES, counts, item, run_import, wp_comment, write, wxr

pytestmark = pytest.mark.django_db

User = get_user_model()
BLOG = FIXTURES / "blog.xml"
UTC = datetime.UTC


@pytest.fixture
def blog():
    return run_import(BLOG)


def post(wp_id):
    return Post.objects.get(wp_id=wp_id)


def comment(wp_id):
    return Comment.objects.get(wp_id=wp_id)


# Authors


def test_authors_become_inactive_users_without_a_usable_password(blog):
    ann = User.objects.get(username="ann")

    assert (ann.first_name, ann.last_name, ann.email) == ("Ann", "Author", "ann@example.com")
    assert not ann.is_active
    assert not ann.has_usable_password()


def test_author_logins_become_valid_usernames(blog):
    assert post(103).author.username == "bob-smith"


def test_an_existing_user_with_the_login_keeps_their_account(django_user_model):
    ann = django_user_model.objects.create_user("ann", password="pw-for-tests-123")

    run_import(BLOG)

    ann.refresh_from_db()
    assert ann.is_active and ann.has_usable_password()
    assert post(101).author == ann


def test_items_without_an_author_go_to_the_default_author(tmp_path, author):
    path = write(tmp_path, wxr(item(1, creator="")))

    run_import(path, "--default-author", "writer")

    assert Post.objects.get().author == author


def test_without_a_default_author_they_go_to_an_inactive_wordpress_user(tmp_path):
    output = run_import(write(tmp_path, wxr(item(1, creator=""))))

    assert Post.objects.get().author.username == "wordpress"
    assert "--default-author" in output


def test_an_unknown_default_author_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run_import(write(tmp_path, wxr(item(1))), "--default-author", "nobody")


# Categories and tags


def test_categories_keep_their_nesting_even_listed_child_first(blog):
    assert Category.objects.get(slug="street").path == "news/local/street"
    assert post(101).primary_category.slug == "street"


def test_categories_keep_names_and_descriptions(blog):
    local = Category.objects.get(slug="local")

    assert (local.name, local.description) == ("Local & Regional", "What happens nearby")


def test_tags_defined_only_on_items_are_created(blog):
    assert set(post(101).tags.values_list("slug", flat=True)) == {"python", "django"}
    assert Tag.objects.get(slug="django").name == "Django"


def test_posts_without_a_category_get_uncategorized(blog):
    assert list(post(103).categories.values_list("slug", flat=True)) == ["uncategorized"]


def test_custom_taxonomies_are_reported_not_kept(blog):
    assert "Custom taxonomy 'genre' is not supported" in blog
    assert not Tag.objects.filter(slug="fiction").exists()


# Posts


def test_post_fields_come_across(blog):
    threaded = post(101)

    assert threaded.title == "Threaded discussion"
    assert threaded.slug == "threaded-discussion"
    assert threaded.wp_guid == "https://old.example.com/?p=101"
    assert threaded.author.username == "ann"
    assert (
        threaded.body == "<p>A post with a conversation under it.</p>\n<p>Two paragraphs of it.</p>"
    )


def test_publication_date_comes_from_the_gmt_date(blog):
    assert post(101).published_at == datetime.datetime(2020, 1, 15, 10, 0, tzinfo=UTC)


def test_a_draft_without_gmt_date_uses_its_local_date(blog):
    assert post(104).published_at == datetime.datetime(2020, 3, 1, 12, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "wp_id, status",
    [
        (101, Post.Status.PUBLISHED),
        (104, Post.Status.DRAFT),
        (105, Post.Status.PENDING),
        (106, Post.Status.PRIVATE),
    ],
)
def test_statuses_map_to_ours(blog, wp_id, status):
    assert post(wp_id).status == status


def test_a_future_post_is_scheduled(blog):
    scheduled = post(102)

    assert scheduled.is_scheduled
    assert scheduled.published_at == datetime.datetime(2099, 6, 1, 8, 0, tzinfo=UTC)
    assert not Post.objects.published().filter(pk=scheduled.pk).exists()


def test_sticky_posts_stay_sticky(blog):
    assert post(101).sticky
    assert not post(107).sticky


def test_a_password_protected_post_stays_protected(blog, client):
    protected = post(103)

    assert protected.password == "open sesame"
    response = client.get(protected.get_absolute_url())
    assert "Only for those who know the word." not in response.text


def test_comment_and_ping_status_come_across(blog):
    assert (post(103).comments_open, post(103).pings_open) == (False, False)
    assert (post(101).comments_open, post(101).pings_open) == (True, True)


def test_auto_drafts_and_menu_items_in_no_menu_are_skipped_with_a_reason(blog):
    assert not Post.objects.filter(wp_id__in=[401, 402]).exists()
    assert "posts: 1 auto-draft" in blog
    assert "menu items: 1 in no menu" in blog


def test_unsupported_post_types_are_skipped_with_a_reason(tmp_path):
    output = run_import(write(tmp_path, wxr(item(9, post_type="wp_block"))))

    assert "items: 1 of post type 'wp_block' (not supported)" in output


def test_the_more_tag_gives_the_excerpt(blog):
    assert post(107).excerpt == "This is the teaser, with emphasis."


def test_a_written_excerpt_wins_over_the_more_tag(blog):
    assert post(108).excerpt == "A hand-written excerpt."


def test_shortcodes_become_html(blog):
    body = post(107).body

    assert '<figure class="wp-caption alignright">' in body
    assert '<figcaption class="wp-caption-text">A caption for the photo</figcaption>' in body
    assert body.index("second.jpg") < body.index('photo.png" alt="A photo"></a>')
    assert '<a href="https://video.example.com/watch/42"' in body
    assert "[gallery] is how a shortcode is written" in body
    assert "[playlist" not in body and "[caption" not in body
    assert "<pre>code\n\tstays\n\nas is</pre>" in body


def test_block_content_keeps_its_delimiters_and_is_not_autopd(blog):
    body = post(108).body

    assert (
        "<!-- wp:paragraph -->\n<p>Block one\nkeeps its line.</p>\n<!-- /wp:paragraph -->" in body
    )


def test_php_serialized_meta_is_never_unserialized(blog):
    assert "stdClass" not in post(107).body


def test_imported_posts_send_no_save_signals_pings_or_mail(mailoutbox):
    saved = []

    def record(sender, instance, **kwargs):
        saved.append(instance)

    post_save.connect(record, sender=Post)
    try:
        run_import(BLOG)
    finally:
        post_save.disconnect(record, sender=Post)

    assert saved == []
    assert mailoutbox == []


# Comments


def test_comments_keep_their_threading(blog):
    assert comment(1003).parent == comment(1002)
    assert comment(1002).parent == comment(1001)
    assert comment(1001).parent is None


@pytest.mark.parametrize(
    "wp_id, status",
    [
        (1001, Comment.Status.APPROVED),
        (1003, Comment.Status.PENDING),
        (1004, Comment.Status.SPAM),
        (1005, Comment.Status.TRASH),
    ],
)
def test_comment_statuses_come_across(blog, wp_id, status):
    assert comment(wp_id).status == status


@pytest.mark.parametrize(
    "wp_id, kind",
    [(1001, Comment.Kind.COMMENT), (1006, Comment.Kind.PINGBACK), (1007, Comment.Kind.TRACKBACK)],
)
def test_pingbacks_and_trackbacks_keep_their_kind(blog, wp_id, kind):
    assert comment(wp_id).kind == kind


def test_comment_author_fields_and_date_come_across(blog):
    first = comment(1001)

    assert (first.author_name, first.author_email, first.author_url, first.ip) == (
        "Vera Visitor",
        "vera@example.org",
        "https://vera.example.org/",
        "192.0.2.10",
    )
    assert first.created == datetime.datetime(2020, 1, 16, 8, 0, tzinfo=UTC)
    assert first.body == "<p>First!</p>\n<p>A second paragraph, with  removed.</p>"


def test_an_invalid_ip_is_dropped_and_ipv6_kept(blog):
    assert comment(1002).ip is None
    assert comment(1003).ip == "2001:db8::1"


def test_a_registered_users_comment_is_linked_to_them(blog):
    assert comment(1002).user.username == "ann"


def test_comment_counts_are_refreshed(blog):
    assert post(101).comment_count == 2  # approved comments; pings are counted apart


# Pages


def test_pages_become_static_pages_at_their_nested_address(blog):
    assert set(Page.objects.values_list("path", flat=True)) == {
        "about",
        "about/team",
        "about/team/people",
        "unfinished",
    }


def test_page_content_is_rendered_and_sanitized(blog):
    team = Page.objects.get(path="about/team")

    assert team.body.startswith("<p>Who we are.</p>")
    assert "script" not in team.body


def test_a_published_page_is_served_at_its_address(blog, client):
    response = client.get("/about/team/people/")

    assert response.status_code == 200
    assert '<h1 class="post-title">People</h1>' in response.text
    assert "<p>Everyone.</p>" in response.text


def test_a_draft_page_is_kept_but_not_served(blog, client):
    assert Page.objects.filter(path="unfinished", status=Post.Status.DRAFT).exists()
    assert client.get("/unfinished/").status_code == 404


# Attachments and featured images


def test_attachments_are_recorded_with_their_post(blog):
    photo = Attachment.objects.get(wp_id=201)

    assert photo.url == "https://old.example.com/wp-content/uploads/2020/01/photo.png"
    assert (photo.alt, photo.caption, photo.post) == ("A photo", "The photo's caption", post(107))


def test_the_featured_image_is_its_attachment_by_url(blog):
    featured = post(107)

    assert featured.featured_attachment.wp_id == 201
    assert not featured.featured_image


def test_the_featured_image_file_comes_from_the_media_dir(tmp_path):
    (tmp_path / "2020/01").mkdir(parents=True)
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "2020/01/photo.png")

    output = run_import(BLOG, "--media-dir", str(tmp_path))

    featured = post(107)
    image = featured.featured_image
    assert image.file.name.endswith(".png")
    assert (image.width, image.height, image.alt) == (40, 30, "A photo")
    assert (image.kind, image.uploaded_by) == ("image", featured.author)
    assert "1 featured image files" in output


def test_a_featured_image_missing_from_the_media_dir_keeps_its_url(tmp_path):
    output = run_import(BLOG, "--media-dir", str(tmp_path))

    assert not post(107).featured_image
    assert post(107).featured_attachment.wp_id == 201
    assert "Featured image files not found" in output


# The run as a whole


def test_the_summary_counts_each_kind(blog):
    assert "Imported: 2 authors; 3 categories; 2 tags; 8 posts" in blog
    assert "4 pages (3 published, 1 not published); 2 attachments" in blog
    assert "7 comments (4 approved, 1 pending, 1 spam, 1 trash)" in blog


def test_importing_the_same_file_twice_changes_nothing(blog):
    def state():
        return (
            counts(),
            list(Post.objects.order_by("pk").values()),
            list(Comment.objects.order_by("pk").values()),
            list(Category.objects.order_by("pk").values()),
        )

    before = state()
    output = run_import(BLOG)

    assert state() == before
    assert "posts: 8 already here" in output
    assert "comments: 7 already here" in output


def test_new_comments_on_an_imported_post_are_added_on_a_later_run(tmp_path):
    first = wp_comment(1)
    run_import(write(tmp_path, wxr(item(7, extra=first)), "one.xml"))

    run_import(write(tmp_path, wxr(item(7, extra=first + wp_comment(2, parent=1))), "two.xml"))

    assert Comment.objects.count() == 2
    assert Comment.objects.get(wp_id=2).parent == Comment.objects.get(wp_id=1)


def test_a_dry_run_writes_nothing_and_prints_the_summary():
    before = counts()

    output = run_import(BLOG, "--dry-run")

    assert counts() == before
    assert "Would import: 2 authors; 3 categories; 2 tags; 8 posts" in output
    assert "Dry run: nothing was written." in output


def test_items_are_matched_by_guid_before_wordpress_id(tmp_path):
    run_import(write(tmp_path, wxr(item(5, "First")), "one.xml"))
    moved = item(5, "Other site").replace("?p=5</guid>", "?p=5&amp;site=2</guid>")

    output = run_import(write(tmp_path, wxr(moved), "two.xml"))

    assert Post.objects.count() == 2
    assert Post.objects.get(title="Other site").wp_id is None
    assert "imported without it" in output


def test_an_item_with_neither_id_nor_guid_is_imported_once(tmp_path):
    bare = "<item><title>Bare</title><content:encoded>Just text</content:encoded></item>"
    path = write(tmp_path, wxr(bare))

    run_import(path)
    run_import(path)

    assert Post.objects.get().title == "Bare"


def test_an_item_repeated_in_the_file_is_imported_once_with_all_its_comments(tmp_path):
    text = wxr(item(3, extra=wp_comment(1)), item(3, extra=wp_comment(2, parent=1)))

    output = run_import(write(tmp_path, text))

    assert Post.objects.count() == 1
    assert Comment.objects.get(wp_id=2).parent == Comment.objects.get(wp_id=1)
    assert "posts: 1 already here" in output


def test_posts_written_in_several_batches_keep_slugs_terms_and_threads(tmp_path, monkeypatch):
    monkeypatch.setattr(Importer, "batch_size", 2)
    tagged = '<category domain="post_tag" nicename="same"><![CDATA[Same]]></category>'
    posts = [
        item(
            n,
            "Same title",
            extra=tagged + wp_comment(10 * n) + wp_comment(10 * n + 1, parent=10 * n),
        )
        for n in range(1, 6)
    ]

    run_import(write(tmp_path, wxr(*posts)))

    assert sorted(Post.objects.values_list("slug", flat=True)) == [
        "same-title",
        "same-title-2",
        "same-title-3",
        "same-title-4",
        "same-title-5",
    ]
    assert Tag.objects.get(slug="same").posts.count() == 5
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert sorted((c.wp_id, c.parent.wp_id) for c in replies) == [
        (10 * n + 1, 10 * n) for n in range(1, 6)
    ]


def attachment_item(wp_id, url):
    return f"""<item><title>file</title><wp:post_id>{wp_id}</wp:post_id>
<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>{url}</wp:attachment_url></item>"""


def test_an_attachment_id_taken_by_another_sites_file_does_not_steal_its_featured_image(tmp_path):
    thumbnail = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>9</wp:meta_value></wp:postmeta>"
    )
    first = wxr(item(1, extra=thumbnail), attachment_item(9, "https://one.example/a.jpg"))
    second = wxr(
        item(1, "Another site's post", extra=thumbnail),
        attachment_item(9, "https://two.example/b.jpg"),
    )
    second = second.replace("small.example.com/?p=1", "other.example.com/?p=1")
    run_import(write(tmp_path, first, "one.xml"))

    run_import(write(tmp_path, second, "two.xml"))

    urls = {p.wp_guid: p.featured_attachment.url for p in Post.objects.all()}
    assert urls == {
        "https://small.example.com/?p=1": "https://one.example/a.jpg",
        "https://other.example.com/?p=1": "https://two.example/b.jpg",
    }


def test_a_pages_comments_come_along_and_show_on_the_page(tmp_path, client):
    page_item = item(
        501,
        "Guestbook",
        post_type="page",
        extra="<wp:post_name>guestbook</wp:post_name><wp:comment_status>open</wp:comment_status>"
        + wp_comment(9001, content="Signed!")
        + wp_comment(9002, parent=9001, content="Thanks for signing."),
    )
    run_import(write(tmp_path, wxr(page_item)))

    page = Page.objects.get(path="guestbook")
    assert page.comments_open
    assert sorted(page.comments.values_list("wp_id", "parent__wp_id")) == [
        (9001, None),
        (9002, 9001),
    ]
    assert Page.objects.get(pk=page.pk).comment_count == 2
    response = client.get("/guestbook/")
    assert "Signed!" in response.text and "Thanks for signing." in response.text


def test_new_comments_on_an_imported_page_are_added_on_a_later_run(tmp_path):
    def guestbook(*comments):
        extra = "<wp:post_name>guestbook</wp:post_name>" + "".join(comments)
        return wxr(item(501, "Guestbook", post_type="page", extra=extra))

    run_import(write(tmp_path, guestbook(wp_comment(1)), "one.xml"))

    output = run_import(
        write(tmp_path, guestbook(wp_comment(1), wp_comment(2, parent=1, approved="0")), "two.xml")
    )

    page = Page.objects.get(path="guestbook")
    assert page.wp_id == 501
    reply = page.comments.get(wp_id=2)
    assert (reply.parent.wp_id, reply.status) == (1, Comment.Status.PENDING)
    assert "comments: 1 already here" in output


def test_a_page_moved_here_is_still_matched_by_its_wordpress_id(tmp_path):
    path = write(tmp_path, wxr(item(502, "Contact", post_type="page", extra=wp_comment(1))))
    run_import(path)
    Page.objects.filter(title="Contact").update(slug="reach-us", path="reach-us")

    run_import(path)

    assert Page.objects.count() == 1
    assert Comment.objects.count() == 1


def test_imported_posts_show_their_related_posts(tmp_path, client):
    tagged = '<category domain="post_tag" nicename="tides"><![CDATA[Tides]]></category>'
    path = write(
        tmp_path,
        wxr(
            item(1, "Spring tides", extra=tagged),
            item(2, "Neap tides", extra=tagged),
        ),
    )

    run_import(path)

    spring, neap = (Post.objects.get(wp_id=n) for n in (1, 2))
    assert spring.related_post_ids == [neap.pk] and neap.related_post_ids == [spring.pk]
    assert "Neap tides" in client.get(spring.get_absolute_url()).text


def test_an_import_shows_at_once_on_pages_already_cached(tmp_path, client):
    make_post("Here before")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    run_import(write(tmp_path, wxr(item(1, "Moved in"))))

    home = client.get("/")
    assert home["X-Page-Cache"] == "miss" and "Moved in" in home.text
