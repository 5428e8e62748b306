"""`import_ghost`: a Ghost 4/5 JSON export comes in whole, once, through the public pages.

ghost-5.json holds an html post (with a featured image), a lexical post, a draft, a
scheduled post, a page and a members-only post; ghost-mobiledoc.json an older post
written in mobiledoc with the common cards.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import MediaItem
from posts.models import Attachment, Category, Page, Post, Tag
from tests.library.helpers import image_bytes

from .helpers import FIXTURES, counts, write
from .platform_helpers import OldSite, run

pytestmark = pytest.mark.django_db

GHOST_5 = FIXTURES / "ghost-5.json"
MOBILEDOC = FIXTURES / "ghost-mobiledoc.json"


def import_ghost(path=GHOST_5, *options):
    return run("import_ghost", path, *options)


def post(slug):
    return Post.objects.get(slug=slug)


def ghost_export(*posts, **tables):
    return json.dumps(
        {"db": [{"meta": {"version": "5.75.0"}, "data": {"posts": list(posts), **tables}}]}
    )


def ghost_post(**fields):
    return {
        "id": "6571a0c1e4b0a1b2c3d4e999",
        "title": "A post",
        "slug": "a-post",
        "type": "post",
        "status": "published",
        "visibility": "public",
        "published_at": "2023-12-01T10:00:00.000Z",
        **fields,
    }


def test_the_summary_says_what_came_in():
    out = import_ghost()

    assert out.splitlines()[0] == "Ghost 5.75.0 export: “Harbour Notes”"
    assert "Imported: 2 authors; 0 categories; 2 tags; 5 posts" in out
    assert "1 pages (1 published)" in out
    assert "tags: 1 internal Ghost tags (#…), Ghost's own bookkeeping" in out


def test_an_html_post_shows_at_its_permalink(client):
    import_ghost()

    response = client.get("/2023/12/01/hello-from-ghost/")

    assert response.status_code == 200
    assert "Welcome to the <strong>new</strong> home." in response.content.decode()


def test_the_old_ghost_address_redirects_to_the_new_permalink(client):
    import_ghost()

    response = client.get("/hello-from-ghost/")

    assert response.status_code == 301
    assert response["Location"] == "/2023/12/01/hello-from-ghost/"


def test_tags_come_in_and_internal_tags_do_not():
    import_ghost()

    assert [t.slug for t in post("hello-from-ghost").tags.order_by("name")] == [
        "harbours",
        "travel",
    ]
    assert not Tag.objects.filter(name__startswith="#").exists()
    assert post("hello-from-ghost").primary_category.slug == Category.DEFAULT_SLUG


def test_primary_category_makes_the_first_tag_the_category():
    import_ghost(GHOST_5, "--primary-category")

    hello = post("hello-from-ghost")
    assert hello.primary_category.name == "Travel"
    assert list(hello.categories.values_list("slug", flat=True)) == ["travel"]


def test_authors_become_inactive_users_by_their_ghost_slug():
    import_ghost()

    bob = get_user_model().objects.get(username="bob")
    assert (bob.first_name, bob.email, bob.is_active) == ("Bob Writer", "bob@example.com", False)
    assert not bob.has_usable_password()
    assert post("boats-we-saw").author == bob  # the first of its authors


def test_statuses_drafts_scheduled_and_members_only():
    import_ghost()

    assert post("half-a-thought").status == Post.Status.DRAFT
    winter = post("winter-sailing")
    assert winter.is_scheduled
    assert winter.published_at.year == 2099
    assert post("for-members").status == Post.Status.PRIVATE


def test_drafts_and_scheduled_posts_are_not_public(client):
    import_ghost()

    assert client.get(post("winter-sailing").get_absolute_url()).status_code == 404
    assert client.get(post("half-a-thought").get_absolute_url()).status_code == 404


def test_custom_excerpt_is_kept():
    import_ghost()

    assert post("hello-from-ghost").excerpt == "A short hello."


def test_a_page_becomes_a_page_at_its_address(client):
    import_ghost()

    assert Page.objects.get(path="about").status == Post.Status.PUBLISHED
    assert "We write about harbours." in client.get("/about/").content.decode()


def test_the_featured_image_is_kept_by_url_and_counted():
    out = import_ghost(GHOST_5, "--site-url", "https://harbour.example.com/")

    featured = post("hello-from-ghost").featured_attachment
    assert featured.url == "https://harbour.example.com/content/images/2023/12/cover.jpg"
    assert (featured.alt, featured.caption) == ("Boats at dawn", "The harbour at six")
    assert "1 featured images stay on their old host" in out


def test_fetch_media_copies_the_featured_image_and_body_images_into_the_library(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True  # the old site is on 127.0.0.1
    images = "/content/images/2023/12/"
    files = {
        f"{images}cover.jpg": (image_bytes((800, 500)), "image/jpeg"),
        f"{images}harbour.jpg": (image_bytes((600, 400)), "image/jpeg"),
    }
    old_site = OldSite(files).start()
    try:
        out = import_ghost(GHOST_5, "--site-url", old_site.url, "--fetch-media")
    finally:
        old_site.stop()

    hello = post("hello-from-ghost")
    assert hello.featured_image.width == 800
    assert hello.featured_image in MediaItem.objects.all()
    assert f'src="{MediaItem.objects.get(width=600).url}"' in hello.body
    assert "featured images stay on their old host" not in out
    assert "media files fetched" in out


def test_a_missing_default_author_stops_the_import_with_nothing_written():
    with pytest.raises(CommandError, match="No user named 'nobody' for --default-author"):
        import_ghost(GHOST_5, "--default-author", "nobody")
    assert counts()["posts"] == 0 and counts()["users"] == 0


def test_ghost_url_placeholders_point_at_the_old_site_with_site_url():
    import_ghost(GHOST_5, "--site-url", "https://harbour.example.com")

    assert (
        'src="https://harbour.example.com/content/images/2023/12/harbour.jpg"'
        in post("hello-from-ghost").body
    )


def test_without_site_url_ghost_links_become_relative_and_the_summary_says_so():
    out = import_ghost()

    assert 'href="/boats-we-saw/"' in post("hello-from-ghost").body
    assert "__GHOST_URL__" not in post("hello-from-ghost").body
    assert "give --site-url" in out


def test_a_lexical_post_is_rendered_to_html():
    import_ghost()

    body = post("boats-we-saw").body
    assert "<strong>bold</strong>" in body and "<em>italic</em>" in body
    assert '<a href="https://example.org/harbours" rel="noopener">a link</a>' in body
    assert "<h2>Boats we saw</h2>" in body
    assert "<ul><li>a dinghy</li><li>a ketch</li></ul>" in body
    assert "<blockquote>The sea is patient.</blockquote>" in body
    assert '<img src="/content/images/2023/12/ketch.jpg" alt="A ketch"' in body
    assert "<figcaption><span>Under sail</span></figcaption>" in body
    assert "<pre><code class=\"language-python\">print('&lt;ahoy&gt;')</code></pre>" in body
    assert "<hr>" in body
    assert "Last line<br><code>after a break</code>" in body


def test_the_other_common_lexical_cards_are_rendered_and_the_rest_counted(tmp_path):
    def card(kind, **fields):
        return {"type": kind, "version": 1, **fields}

    def paragraph(text):
        return {"type": "paragraph", "children": [{"type": "text", "text": text, "format": 0}]}

    lexical = {
        "root": {
            "type": "root",
            "children": [
                paragraph("Free for all."),
                card("paywall"),
                paragraph("For members."),
                card(
                    "gallery",
                    images=[{"src": "/g/1.jpg", "alt": "One"}, {"src": "/g/2.jpg", "alt": "Two"}],
                    caption="Two views",
                ),
                card("bookmark", url="https://example.org/tides", metadata={"title": "Tides"}),
                card("callout", calloutEmoji="💡", calloutText="<b>Tip:</b> go early"),
                card("toggle", heading="<span>More?</span>", content="<p>Yes.</p>"),
                card("signup", header="Join us"),
            ],
        }
    }
    path = write(tmp_path, ghost_export(ghost_post(lexical=json.dumps(lexical))), "cards.json")

    out = import_ghost(path)

    a_post = post("a-post")
    body = a_post.body
    assert "<p>Free for all.</p><!--more--><p>For members.</p>" in body
    assert a_post.excerpt == "Free for all."
    assert '<img src="/g/1.jpg" alt="One"><img src="/g/2.jpg" alt="Two">' in body
    assert "<figcaption>Two views</figcaption>" in body
    assert '<p><a href="https://example.org/tides" rel="noopener">Tides</a></p>' in body
    assert "<div><p>💡 <b>Tip:</b> go early</p></div>" in body
    assert "<details><summary><span>More?</span></summary><p>Yes.</p></details>" in body
    assert "Join us" not in body
    assert "Ghost cards of type 'signup' were left out" in out


def test_markdown_cards_stay_preformatted_and_the_summary_says_why():
    out = import_ghost()

    assert "<pre>Some *markdown* text</pre>" in post("boats-we-saw").body
    assert "Markdown cards were kept as preformatted text" in out


def test_a_mobiledoc_post_is_rendered_to_html(client):
    import_ghost(MOBILEDOC)

    knots = post("knots-for-beginners")
    body = knots.body
    assert "<h2>Knots</h2>" in body
    assert (
        'Tie a <strong>bowline</strong> with <a href="https://example.org/knots" '
        'rel="noopener"><em>this guide</em></a>.<br>Then rest.'
    ) in body
    assert "<ol><li>over</li><li>under</li></ol>" in body
    assert "<blockquote>Measure twice.</blockquote>" in body
    assert "<pre>## A *markdown* card</pre>" in body
    assert '<img src="https://old.example.com/content/images/2019/05/rope.jpg" alt="Rope">' in body
    assert "<figcaption>Coiled</figcaption>" in body
    assert "<code class=\"language-python\">knot = 'bowline'</code>" in body
    assert knots.excerpt == "The first knots to learn."
    assert client.get(knots.get_absolute_url()).status_code == 200


def test_hostile_html_in_any_format_is_removed():
    import_ghost(MOBILEDOC)

    body = post("knots-for-beginners").body
    assert "<script" not in body and "alert(1)" not in body
    assert "onclick" not in body
    assert "<p>Raw <em>HTML</em></p>" in body


def test_hostile_html_in_a_ghost_html_body_is_removed(tmp_path):
    hostile = '<p>Hi<img src="x.png" onerror="steal()"></p><script>x()</script>'
    path = write(tmp_path, ghost_export(ghost_post(html=hostile)), "ghost.json")

    import_ghost(path)

    body = post("a-post").body
    assert "onerror" not in body and "<script" not in body and "x()" not in body
    assert '<img src="x.png">' in body


def test_a_second_run_changes_nothing():
    import_ghost()
    before = counts()

    out = import_ghost()

    assert counts() == before
    assert "posts: 5 already here (matched by their id in the export)" in out
    assert "pages: 1 already imported (a page exists at that address)" in out


def test_dry_run_writes_nothing():
    before = counts()

    out = import_ghost(GHOST_5, "--dry-run")

    assert counts() == before
    assert "Would import:" in out and "5 posts" in out
    assert out.rstrip().endswith("Dry run: nothing was written.")


def test_redirects_are_counted_once():
    out = import_ghost()

    assert Redirect.objects.filter(old_path="/boats-we-saw/").count() == 1
    assert "5 redirects" in out  # one per post; the page keeps its address


def test_a_truncated_file_stops_with_nothing_written(tmp_path):
    text = GHOST_5.read_text()
    path = write(tmp_path, text[: len(text) // 2], "cut.json")

    with pytest.raises(CommandError, match=r"Not valid JSON \(is the file cut short\?\).*line"):
        import_ghost(path)
    assert Post.objects.count() == 0 and Attachment.objects.count() == 0


def test_a_wordpress_export_is_refused_with_a_hint():
    with pytest.raises(CommandError, match="Not a Ghost export: this is XML.*import_wxr"):
        import_ghost(FIXTURES / "blog.xml")
    assert Post.objects.count() == 0


def test_json_that_is_not_a_ghost_export_is_refused(tmp_path):
    path = write(tmp_path, '{"posts": []}', "other.json")

    with pytest.raises(CommandError, match=r'Not a Ghost export: expected \{"db"'):
        import_ghost(path)


def test_unreadable_lexical_stops_the_import_naming_the_post(tmp_path):
    good = ghost_post(id="a1", slug="good", html="<p>Fine.</p>")
    bad = ghost_post(id="a2", title="Broken", slug="broken", lexical='{"root": ')
    path = write(tmp_path, ghost_export(good, bad), "ghost.json")

    with pytest.raises(CommandError, match="Post “Broken”: its lexical cannot be read"):
        import_ghost(path)
    assert Post.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_reading(settings):
    settings.IMPORT_MAX_BYTES = 1000

    with pytest.raises(CommandError, match=r"The file is 1\d\.\d KB, more than the 1000 bytes"):
        import_ghost()
    assert Post.objects.count() == 0


def test_a_site_url_that_is_not_an_address_is_refused():
    with pytest.raises(CommandError, match="--site-url harbour.example.com is not an http"):
        import_ghost(GHOST_5, "--site-url", "harbour.example.com")
    assert Post.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the file: No such file"):
        import_ghost(tmp_path / "nope.json")


def test_the_import_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(52):
        import_ghost()
    with django_assert_max_num_queries(12):
        import_ghost()  # the second run: matching only


def test_the_queries_do_not_grow_with_the_number_of_posts(tmp_path):
    def queries_for(n):
        rows = [ghost_post(id=f"p{n}-{i}", slug=f"post-{n}-{i}", html="<p>x</p>") for i in range(n)]
        path = write(tmp_path, ghost_export(*rows), f"ghost-{n}.json")
        with CaptureQueriesContext(connection) as queries:
            import_ghost(path)
        return len(queries)

    queries_for(1)  # the first run makes the fallback author and Uncategorized's lookup
    assert queries_for(2) == queries_for(30)
