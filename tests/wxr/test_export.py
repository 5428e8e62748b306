"""`export_wxr` writes WXR 1.2 that reads back into the same blog."""

import datetime
import io

import pytest
from django.contrib.redirects.models import Redirect
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from lxml import etree
from PIL import Image

from comments.models import Comment
from library.models import MediaItem
from posts.models import Attachment, Category, Page, Post, Tag
from tests.comments.helpers import make_comment
from tests.conftest import make_category, make_page, make_post, make_tag

from .helpers import FIXTURES, run_export, run_import, write

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def parsed(xml):
    """The export read by a strict XML parser."""
    return etree.fromstring(xml.encode())


def items(tree, post_type=None):
    return [
        i
        for i in tree.iter("item")
        if post_type is None or i.findtext(f"{WP}post_type") == post_type
    ]


def by_id(tree, wp_id):
    return next(i for i in tree.iter("item") if i.findtext(f"{WP}post_id") == str(wp_id))


def by_title(tree, title):
    return next(i for i in tree.iter("item") if i.findtext("title") == title)


def png_upload(name="cover.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_export_is_well_formed_wxr_1_2():
    make_post("Hello")

    tree = parsed(run_export())

    assert tree.tag == "rss"
    assert tree.findtext(f"channel/{WP}wxr_version") == "1.2"
    assert tree.findtext("channel/link") == "http://127.0.0.1:8000"
    assert len(items(tree, "post")) == 1


def test_posts_carry_status_dates_sticky_password_and_discussion(author):
    scheduled = make_post(
        "Later",
        author=author,
        published_at=timezone.now() + datetime.timedelta(days=3),
        sticky=True,
        password="pw",
        comments_open=False,
    )

    item = by_id(parsed(run_export()), scheduled.pk)

    assert item.findtext(f"{WP}status") == "future"
    assert item.findtext(f"{WP}is_sticky") == "1"
    assert item.findtext(f"{WP}post_password") == "pw"
    assert item.findtext(f"{WP}comment_status") == "closed"
    assert item.findtext(f"{WP}ping_status") == "open"
    assert item.findtext(f"{WP}post_date_gmt") == scheduled.published_at.strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "writer"


def test_imported_items_keep_their_wordpress_ids_and_others_get_ids_above_them():
    run_import(FIXTURES / "blog.xml")
    make_post("Native")

    tree = parsed(run_export())

    assert by_id(tree, 101).findtext("title") == "Threaded discussion"
    ids = [int(i.findtext(f"{WP}post_id")) for i in tree.iter("item")]
    assert len(set(ids)) == len(ids)
    assert int(by_title(tree, "Native").findtext(f"{WP}post_id")) > 202


def test_categories_come_parents_first_with_their_parent_and_tags_follow():
    news = make_category("News", slug="news")
    make_category("Local", parent=news, slug="local")
    make_tag("python")

    channel = parsed(run_export()).find("channel")

    categories = [
        (c.findtext(f"{WP}category_nicename"), c.findtext(f"{WP}category_parent"))
        for c in channel.iter(f"{WP}category")
    ]
    assert categories.index(("news", "")) < categories.index(("local", "news"))
    assert [t.findtext(f"{WP}tag_slug") for t in channel.iter(f"{WP}tag")] == ["python"]


def test_comments_of_every_status_and_kind_are_exported_with_their_threading():
    run_import(FIXTURES / "blog.xml")

    comments = {
        c.findtext(f"{WP}comment_id"): c
        for c in by_id(parsed(run_export()), 101).iter(f"{WP}comment")
    }

    assert {c.findtext(f"{WP}comment_approved") for c in comments.values()} == {
        "1",
        "0",
        "spam",
        "trash",
    }
    assert {c.findtext(f"{WP}comment_type") for c in comments.values()} == {
        "comment",
        "pingback",
        "trackback",
    }
    assert comments["1003"].findtext(f"{WP}comment_parent") == "1002"
    assert comments["1001"].findtext(f"{WP}comment_author_IP") == "192.0.2.10"


def test_pages_are_exported_with_their_parents():
    run_import(FIXTURES / "blog.xml")

    pages = {p.findtext(f"{WP}post_name"): p for p in items(parsed(run_export()), "page")}

    assert pages["team"].findtext(f"{WP}post_parent") == pages["about"].findtext(f"{WP}post_id")
    assert pages["about"].findtext(f"{WP}post_parent") == "0"
    assert pages["unfinished"].findtext(f"{WP}status") == "draft"


def test_featured_images_are_exported_as_attachment_urls():
    run_import(FIXTURES / "blog.xml")
    cover = MediaItem.objects.upload(png_upload(), uploaded_by=None, alt="The cover")
    uploaded = make_post("With a cover", featured_image=cover)

    tree = parsed(run_export())

    attachments = {a.findtext(f"{WP}post_id"): a for a in items(tree, "attachment")}
    recorded = by_id(tree, 107).find(f"{WP}postmeta")
    assert recorded.findtext(f"{WP}meta_key") == "_thumbnail_id"
    assert (
        attachments[recorded.findtext(f"{WP}meta_value")]
        .findtext(f"{WP}attachment_url")
        .endswith("/2020/01/photo.png")
    )
    cover_id = by_title(tree, "With a cover").find(f"{WP}postmeta").findtext(f"{WP}meta_value")
    exported = attachments[cover_id]
    assert (
        exported.findtext(f"{WP}attachment_url")
        == "http://127.0.0.1:8000" + uploaded.featured_image.url
    )
    assert exported.findtext(f"{WP}post_parent") == by_title(tree, "With a cover").findtext(
        f"{WP}post_id"
    )


def test_a_cdata_end_in_the_text_is_split_as_wordpress_does():
    make_category("Odd", description="Ends ]]> here")

    xml = run_export()

    assert "Ends ]]]]><![CDATA[> here" in xml
    descriptions = [d.text for d in parsed(xml).iter(f"{WP}category_description")]
    assert "Ends ]]> here" in descriptions


def test_characters_xml_cannot_carry_are_dropped():
    post = make_post("Bell\x07 and form feed\x0c")

    assert by_id(parsed(run_export()), post.pk).findtext("title") == "Bell and form feed"


def test_export_writes_to_a_file_when_asked(tmp_path):
    make_post("To a file")

    run_export("--output", str(tmp_path / "site.xml"))

    assert "To a file" in (tmp_path / "site.xml").read_text(encoding="utf-8")


# The round trip: export, empty the blog, import, and find everything as it was.


def snapshot():
    def moment(value):
        return value.replace(microsecond=0)

    def who(comment):
        return comment and (comment.author_name, moment(comment.created))

    posts = {
        p.get_absolute_url(): (
            p.title,
            p.status,
            moment(p.published_at),
            p.body,
            p.excerpt,
            p.sticky,
            p.password,
            p.comments_open,
            p.pings_open,
            p.author.username,
            sorted(p.categories.values_list("path", flat=True)),
            p.primary_category.path,
            sorted(p.tags.values_list("slug", flat=True)),
            p.comment_count,
        )
        for p in Post.objects.select_related("author", "primary_category")
    }
    comments = sorted(
        (
            c.post.slug,
            c.author_name,
            c.author_email,
            c.author_url,
            c.ip,
            c.body,
            c.status,
            c.kind,
            moment(c.created),
            who(c.parent),
        )
        for c in Comment.objects.select_related("post", "parent")
    )
    return {
        "posts": posts,
        "comments": comments,
        "categories": sorted(Category.objects.values_list("path", "name", "description")),
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "pages": sorted(
            (page.get_absolute_url(), page.title, page.body, page.is_published)
            for page in Page.objects.all()
        ),
    }


def empty_the_blog():
    Comment.objects.all().delete()
    Post.objects.all().delete()
    Attachment.objects.all().delete()
    Tag.objects.all().delete()
    for page in Page.objects.order_by("-path"):
        page.delete()
    Redirect.objects.all().delete()
    for category in Category.objects.exclude(slug=Category.DEFAULT_SLUG).order_by("-path"):
        category.delete()


def native_content(author):
    """Content written here, not imported: no WordPress ids anywhere."""
    life = make_category("Life & times", slug="life", description="Away from the keyboard")
    walks = make_category("Walks", parent=life, slug="walks")
    canal = make_post(
        "A walk <along> the canal",
        author=author,
        categories=[walks],
        tags=[make_tag("outdoors"), make_tag("water")],
        body="<p>Herons & locks.</p>\n<ul>\n<li>one</li>\n</ul>",
        sticky=True,
    )
    first = make_comment(canal, author_name="Ann", body="<p>Lovely.</p>")
    reply = make_comment(canal, parent=first, author_name="Ben", minutes_ago=3)
    make_comment(canal, parent=reply, author_name="Cat", status=Comment.Status.PENDING)
    make_comment(canal, author_name="Spammer", status=Comment.Status.SPAM)
    make_comment(canal, author_name="Other Blog", kind=Comment.Kind.PINGBACK, minutes_ago=1)
    make_post("Unfinished", author=author, status=Post.Status.DRAFT, password="x")


def test_a_round_trip_gives_back_the_same_blog(tmp_path, author):
    run_import(FIXTURES / "blog.xml")
    native_content(author)
    before = snapshot()
    export = write(tmp_path, run_export(), "site.xml")

    empty_the_blog()
    run_import(export)

    after = snapshot()
    assert after["categories"] == before["categories"]
    assert after["tags"] == before["tags"]
    assert after["pages"] == before["pages"]
    assert after["comments"] == before["comments"]
    assert after["posts"] == before["posts"]


def test_importing_an_export_into_the_blog_it_came_from_changes_nothing(tmp_path, author):
    run_import(FIXTURES / "blog.xml")
    native_content(author)
    before = snapshot()

    output = run_import(write(tmp_path, run_export(), "site.xml"))

    assert snapshot() == before
    assert "Imported: 0 authors; 0 categories; 0 tags; 0 posts; 0 pages" in output


def test_a_pages_comments_are_exported():
    page = make_page("Guestbook", comments_open=True)
    make_comment(page, author_name="Vera", body="<p>Signed!</p>")

    (exported,) = items(parsed(run_export()), "page")

    assert exported.findtext(f"{WP}comment_status") == "open"
    (comment,) = exported.findall(f"{WP}comment")
    assert comment.findtext(f"{WP}comment_author") == "Vera"
