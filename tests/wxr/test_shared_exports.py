"""The WordPress importer's own test exports (../shared/data/wxr/) come in as its README says."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from lxml import etree

from comments.models import Comment
from core.sanitize import plain_text
from posts.models import Attachment, Category, Page, Post, Tag
from wxr.reader import Item, WXRReader

from .helpers import SHARED, counts, run_import, shared

pytestmark = pytest.mark.django_db

User = get_user_model()
EVERY_FILE = sorted(str(p.relative_to(SHARED)) for p in SHARED.glob("*/*.xml"))
NOT_WELL_FORMED = {
    "importer-tests/malformed.xml",
    "importer-tests/malformed-simple.xml",
    "importer-tests/crazy-cdata.xml",
}
REFUSED = NOT_WELL_FORMED | {"importer-tests/invalid-version-tag.xml"}


def published(**filters):
    return Post.objects.filter(status=Post.Status.PUBLISHED, **filters)


@pytest.mark.skipif(not EVERY_FILE, reason=f"{SHARED} is absent: no shared WordPress exports")
@pytest.mark.parametrize("name", [n for n in EVERY_FILE if n not in REFUSED])
def test_every_well_formed_shared_export_imports_without_error(name):
    assert "Imported:" in run_import(shared(name))


def test_small_export_gives_its_authors_categories_tags_posts_pages_and_comment():
    run_import(shared("importer-tests/small-export.xml"))

    assert set(User.objects.values_list("username", flat=True)) == {"admin", "editor", "author"}
    assert Category.objects.count() == 30
    assert Category.objects.get(slug="foo-bar").path == "bar/foo-bar"
    assert Category.objects.get(slug="foo").description == "The top-level foo category"
    assert Category.objects.get(slug="eternity").name == "远征手记"
    assert Tag.objects.count() == 3
    assert published().count() == 5
    assert Post.objects.filter(status=Post.Status.PRIVATE).count() == 1
    assert Page.objects.published().count() == 4
    assert Page.objects.filter(status=Post.Status.DRAFT).count() == 1
    assert Comment.objects.approved().count() == 1


def test_small_export_keeps_each_post_with_its_author_and_categories():
    run_import(shared("importer-tests/small-export.xml"))

    post = Post.objects.get(wp_id=22)
    assert post.author.username == "admin"
    assert post.categories.count() == 27
    assert Post.objects.get(wp_id=15).author.username == "editor"
    assert list(Post.objects.get(wp_id=15).categories.values_list("path", flat=True)) == [
        "bar/foo-bar"
    ]


def test_small_export_nests_child_pages_under_their_parent():
    run_import(shared("importer-tests/small-export.xml"))

    assert Page.objects.filter(path="parent-page/child-page").exists()


def test_wxr_1_0_takes_authors_from_dc_creator():
    run_import(shared("importer-tests/valid-wxr-1.0.xml"))

    assert list(User.objects.values_list("username", flat=True)) == ["admin"]
    assert Category.objects.count() == 5
    assert Category.objects.get(slug="child").path == "parent/child"
    assert Tag.objects.count() == 4
    assert Post.objects.count() == 3
    assert Page.objects.count() == 3
    assert Comment.objects.count() == 1


def test_wxr_1_0_tags_are_read_from_the_tag_domain():
    run_import(shared("importer-tests/valid-wxr-1.0.xml"))

    post = Post.objects.get(wp_id=4)
    assert set(post.tags.values_list("slug", flat=True)) == {"news", "roar"}


def test_wxr_1_0_child_page_listed_before_its_parent_is_nested():
    run_import(shared("importer-tests/valid-wxr-1.0.xml"))

    assert Page.objects.get(path="parent-page/child-post").title == "Child page"


def test_wxr_1_1_skips_the_custom_taxonomy_with_a_warning():
    output = run_import(shared("importer-tests/valid-wxr-1.1.xml"))

    assert "Custom taxonomy 'post_tax' is not supported" in output
    post = Post.objects.get()
    assert list(post.categories.values_list("slug", flat=True)) == ["alpha"]
    assert Category.objects.get(slug="alpha").description == "The alpha category"
    assert list(post.tags.values_list("slug", flat=True)) == ["clippable"]
    assert post.author.username == "john"
    assert Page.objects.count() == 1
    assert Comment.objects.count() == 1


def test_utf_8_challenges_survive_in_title_excerpt_and_content():
    path = shared("importer-tests/wxr-utf-8-challenges.xml")
    item = etree.parse(str(path)).find("channel/item")

    run_import(path)

    post = Post.objects.get()
    assert post.title == item.findtext("title")
    assert "\u202eNot\u202c" in post.title and "🌲" in post.title
    assert "🚀🌟💫" in post.body
    assert "السلام عليكم" in post.body
    assert "yel\u202dlow wo\u202eod,\u202c" in post.body
    assert "\u202eخدسنگ\u202c" in post.excerpt
    assert post.slug == "hello-world-utf8-test"


def test_namespace_edge_cases_give_six_published_posts():
    run_import(shared("importer-tests/namespace-edge-cases.xml"))

    assert published().count() == 6
    assert published(wp_id=1).exists()
    assert published(wp_id=2).exists()  # <post_id xmlns="…/export/1.2/">


def test_namespace_edge_cases_ignore_elements_of_foreign_namespaces():
    run_import(shared("importer-tests/namespace-edge-cases.xml"))

    assert not User.objects.filter(username__in=["fake_ns_user", "custom_user"]).exists()
    assert User.objects.filter(username="real_user").exists()
    assert not Post.objects.filter(wp_id=999).exists()


@pytest.mark.parametrize(
    "name, text",
    [
        ("importer-tests/slashes.xml", 'Slashes aren\\\'t \\"cool\\"'),
        ("importer-tests/backslashes.xml", "C:\\xampp\\htdocs\\wp-content"),
    ],
)
def test_backslashes_and_quotes_are_kept_as_written(name, text):
    run_import(shared(name))

    assert plain_text(Post.objects.get().body) == text


def test_slashes_in_term_names_and_comments_are_kept():
    run_import(shared("importer-tests/slashes.xml"))

    assert Category.objects.get(slug="alpha").name == 'a \\"great\\" category'
    assert Tag.objects.get(slug="tag1").name == "foo\\'bar"
    assert plain_text(Comment.objects.get().body) == "\\o/ ¯\\_(ツ)_/¯"


@pytest.mark.parametrize(
    "name, text",
    [
        ("importer-tests/cdata-edge.xml", "ends with sequence ]] >"),
        ("importer-tests/multiple-cdata.xml", "line oneline twoline three"),
    ],
)
def test_cdata_sections_are_reassembled(name, text):
    run_import(shared(name))

    assert plain_text(Post.objects.get().body) == text


def test_escaped_nested_cdata_is_read_back_as_written():
    items = [
        r
        for r in WXRReader(shared("importer-tests/crazy-cdata-escaped.xml"))
        if isinstance(r, Item)
    ]

    assert items[0].content == "Content with nested <![CDATA[ tags ]]> :)"


def test_escaped_nested_cdata_imports():
    run_import(shared("importer-tests/crazy-cdata-escaped.xml"))

    assert Post.objects.get().title == "Hello world!"


def test_blank_lines_become_paragraphs():
    run_import(shared("importer-tests/blank-lines.xml"))

    assert Post.objects.get().body == "<p>first paragraph</p>\n<p>second paragraph</p>"


def test_single_newlines_become_line_breaks_and_blank_lines_paragraphs():
    run_import(shared("importer-tests/post-content-blank-lines.xml"))

    assert Post.objects.get().body == (
        "<p>This is an example of a WordPress post.<br>\n"
        "\t\tIt has lines with text (and one blank line).</p>\n"
        "<p>And more lines with text.</p>"
    )


def test_multiline_author_logins_are_trimmed():
    run_import(shared("importer-tests/authors-multiline.xml"))

    assert set(User.objects.values_list("username", flat=True)) == {"alice", "bob", "carol"}
    assert Post.objects.get().author.username == "alice"


def test_three_hundred_authors_and_no_items():
    run_import(shared("importer-tests/large-authors.xml"))

    assert User.objects.filter(is_active=False).count() == 300
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert Post.objects.count() == 0


def test_item_without_author_or_dates_imports():
    run_import(shared("importer-tests/missing-tags.xml"))

    post = Post.objects.get()
    assert post.title == "No Author Post"
    assert post.author.is_active is False


@pytest.mark.parametrize(
    "name",
    [
        "importer-tests/test-serialized-postmeta-no-cdata.xml",
        "importer-tests/test-serialized-postmeta-with-cdata.xml",
        "importer-tests/test-utw-post-meta-import.xml",
    ],
)
def test_serialized_post_meta_is_left_alone(name):
    run_import(shared(name))

    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT
    assert "stdClass" not in post.body and "a:2:" not in post.body


@pytest.mark.parametrize(
    "name, post_id, attachment_id",
    [
        ("importer-tests/wxr-flat-attachment-same-site.xml", 555, 611),
        ("importer-tests/wxr-flat-attachment-different-site.xml", 555, 611),
    ],
)
def test_flat_attachment_files_give_a_post_and_its_attachment(name, post_id, attachment_id):
    run_import(shared(name))

    post = Post.objects.get()
    attachment = Attachment.objects.get()
    assert (post.wp_id, attachment.wp_id) == (post_id, attachment_id)
    assert attachment.post == post
    assert attachment.url.endswith("/2008/06/canola2.jpg")
    assert attachment.alt == "canola"


def test_invalid_version_is_refused_naming_the_version_and_line():
    before = counts()

    with pytest.raises(CommandError) as refused:
        run_import(shared("importer-tests/invalid-version-tag.xml"))

    assert "'abc'" in str(refused.value)
    assert "<wp:wxr_version>" in str(refused.value)
    assert "line 33" in str(refused.value)
    assert counts() == before


def test_missing_version_is_read_as_1_0_with_a_warning():
    output = run_import(shared("importer-tests/missing-version-tag.xml"))

    assert "No <wp:wxr_version> in <channel>: read as WXR 1.0" in output


@pytest.mark.parametrize(
    "name, where",
    [
        ("importer-tests/malformed.xml", "line 90, column 11"),
        ("importer-tests/malformed-simple.xml", "line 14, column 1"),
        ("importer-tests/crazy-cdata.xml", "line 18, column 70"),
    ],
)
def test_not_well_formed_files_are_refused_with_line_and_column(name, where):
    before = counts()

    with pytest.raises(CommandError) as refused:
        run_import(shared(name))

    assert "Not well-formed XML" in str(refused.value)
    assert where in str(refused.value)
    assert counts() == before


@pytest.mark.parametrize(
    "name",
    [
        "importer-e2e/wxr-simple.xml",
        "importer-e2e/wxr-base-url-rewriting.xml",
        "importer-e2e/wxr-css-urls.xml",
        "importer-e2e/wxr-comprehensive.xml",
    ],
)
def test_e2e_files_give_one_post_each(name):
    run_import(shared(name))

    assert published().count() == 1


def test_comprehensive_e2e_file_gives_page_categories_tags_and_comment():
    run_import(shared("importer-e2e/wxr-comprehensive.xml"))

    post = Post.objects.get()
    assert post.excerpt == "An excerpt for comprehensive post"
    assert Category.objects.get(slug="updates").path == "news/updates"
    assert set(post.categories.values_list("slug", flat=True)) == {"news", "updates"}
    assert set(post.tags.values_list("slug", flat=True)) == {"t1", "t2"}
    assert Page.objects.get().get_absolute_url() == "/comprehensive-page/"
    comment = Comment.objects.get()
    assert (comment.author_name, comment.ip, comment.status) == (
        "Commenter",
        "127.0.0.1",
        Comment.Status.APPROVED,
    )
    # The blocks stay blocks for the trip back to WordPress; readers never see the delimiters.
    assert "<!-- wp:paragraph -->" in post.body
    assert "<!--" not in post.body_html
