"""`import_blogger`: Blogger's classic Atom backup and its Takeout `feed.atom` come in whole,
once, with threaded comments, through the public pages.

blogger-classic.xml holds a post with labels, three comments (one a reply) and a removed
one, a draft, a page, the template and a setting; blogger-takeout.atom the same kinds in
the `blogger:` elements of Takeout, with a deleted post and a deleted comment.
"""

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management.base import CommandError

from comments.models import Comment
from posts.models import Page, Post

from .helpers import FIXTURES, counts, write
from .platform_helpers import run

pytestmark = pytest.mark.django_db

CLASSIC = FIXTURES / "blogger-classic.xml"
TAKEOUT = FIXTURES / "blogger-takeout.atom"


def import_blogger(path=CLASSIC, *options):
    return run("import_blogger", path, *options)


def post(slug):
    return Post.objects.get(slug=slug)


def test_the_summary_says_what_came_in_and_what_was_left_out():
    out = import_blogger()

    assert out.splitlines()[0] == "Blogger export: “Garden Diary” https://gardendiary.blogspot.com/"
    assert "2 posts (1 published, 1 draft)" in out
    assert "1 pages (1 published)" in out
    assert "3 comments (3 approved)" in out
    assert "entries: 1 templates (this blog has its own theme)" in out
    assert "entries: 1 blog settings (this blog has its own)" in out
    assert "comments: 1 deleted on Blogger" in out


def test_a_classic_post_shows_at_its_permalink_with_its_comments(client):
    import_blogger()

    response = client.get("/2021/03/01/planting-first-earlies/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The <b>first earlies</b> went in today." in page
    assert "Charlotte, this year." in page


def test_the_old_blogspot_address_redirects_to_the_new_permalink(client):
    import_blogger()

    response = client.get("/2021/03/planting-first-earlies.html")

    assert response.status_code == 301
    assert response["Location"] == "/2021/03/01/planting-first-earlies/"


def test_labels_become_tags():
    import_blogger()

    assert sorted(post("planting-first-earlies").tags.values_list("name", flat=True)) == [
        "Potatoes",
        "Spring jobs",
    ]


def test_comments_are_threaded_and_approved():
    import_blogger()

    question = Comment.objects.get(wp_id=4444444444444444401)
    answer = Comment.objects.get(wp_id=4444444444444444402)
    assert answer.parent == question
    assert question.parent is None
    assert {c.status for c in Comment.objects.all()} == {Comment.Status.APPROVED}
    assert question.author_url == "https://hal.example.net/"
    assert question.moderation_reason == "Imported from Blogger"
    assert post("planting-first-earlies").comment_count == 3


def test_hostile_html_is_removed_from_posts_and_comments():
    import_blogger()

    body = post("planting-first-earlies").body
    assert "onerror" not in body and "<script" not in body and "track()" not in body
    comment = Comment.objects.get(wp_id=4444444444444444401).body
    assert "<script" not in comment and "x()" not in comment
    assert "<i>Swift</i>" in comment


def test_a_draft_stays_a_draft_and_out_of_sight(client):
    import_blogger()

    draft = Post.objects.get(title="Blight watch (draft)")
    assert draft.status == Post.Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_blogger_page_becomes_a_page_and_its_old_address_redirects(client):
    import_blogger()

    assert Page.objects.get(path="about-plot").status == Post.Status.PUBLISHED
    response = client.get("/p/about-plot.html")
    assert response.status_code == 301
    assert response["Location"] == "/about-plot/"


def test_authors_become_inactive_users_without_blogger_stand_in_addresses():
    import_blogger()

    gwen = post("planting-first-earlies").author
    assert (gwen.username, gwen.first_name, gwen.email) == ("Gwen-Gardener", "Gwen Gardener", "")
    assert not gwen.is_active and not gwen.has_usable_password()


def test_a_takeout_export_comes_in_the_same_way(client):
    out = import_blogger(TAKEOUT)

    assert out.splitlines()[0] == "Blogger Takeout export: “Kitchen Table”"
    sourdough = post("sourdough-week-one")
    assert sourdough.excerpt == "A starter comes alive."
    assert sorted(sourdough.tags.values_list("name", flat=True)) == ["Baking", "Bread"]
    assert client.get("/2022/01/10/sourdough-week-one/").status_code == 200
    assert client.get("/2022/01/sourdough-week-one.html")["Location"] == (
        "/2022/01/10/sourdough-week-one/"
    )


def test_takeout_statuses_drafts_and_deletions():
    out = import_blogger(TAKEOUT)

    assert post("rye-experiments").status == Post.Status.DRAFT
    assert not Post.objects.filter(title="Gone").exists()
    assert "posts: 1 deleted on Blogger" in out
    assert "comments: 1 deleted on Blogger" in out
    assert Page.objects.get(path="recipes-index").status == Post.Status.PUBLISHED


def test_a_post_published_in_the_future_is_scheduled(tmp_path, client):
    future = TAKEOUT.read_text().replace(
        "<published>2022-01-10T08:00:00Z</published>", "<published>2099-05-01T08:00:00Z</published>"
    )

    out = import_blogger(write(tmp_path, future, "feed.atom"))

    sourdough = post("sourdough-week-one")
    assert sourdough.is_scheduled
    assert "1 scheduled" in out
    assert client.get(sourdough.get_absolute_url()).status_code == 404


def test_takeout_comments_are_threaded_by_in_reply_to():
    import_blogger(TAKEOUT)

    reply = Comment.objects.get(wp_id=8181818181818181802)
    assert reply.parent == Comment.objects.get(wp_id=8181818181818181801)
    assert reply.post == post("sourdough-week-one")
    assert Comment.objects.count() == 2


def test_a_second_run_changes_nothing():
    import_blogger()
    before = counts()

    out = import_blogger()

    assert counts() == before
    assert "posts: 2 already here (matched by their id in the export)" in out
    assert "comments: 3 already here" in out


def test_new_comments_on_a_post_already_here_come_in_on_the_next_run(tmp_path):
    text = CLASSIC.read_text()
    last = text.index(
        "<entry>\n<id>tag:blogger.com,1999:blog-7070707070707070707.post-4444444444444444403"
    )
    without_last = text[:last] + text[text.index("</entry>", last) + len("</entry>") :]
    import_blogger(write(tmp_path, without_last, "first.xml"))
    assert Comment.objects.count() == 2

    import_blogger()

    assert Comment.objects.count() == 3
    assert post("planting-first-earlies").comment_count == 3


def test_dry_run_writes_nothing():
    before = counts()

    out = import_blogger(CLASSIC, "--dry-run")

    assert counts() == before
    assert "Would import:" in out and "3 comments" in out


def test_redirects_are_written_once_per_old_address():
    import_blogger()
    import_blogger()

    assert Redirect.objects.filter(old_path="/2021/03/planting-first-earlies.html").count() == 1


def test_a_truncated_file_stops_with_nothing_written(tmp_path):
    text = CLASSIC.read_text()
    path = write(tmp_path, text[: len(text) * 2 // 3], "cut.xml")

    with pytest.raises(CommandError, match=r"Not well-formed XML \(is the file cut short\?\)"):
        import_blogger(path)
    assert counts()["posts"] == 0 and Comment.objects.count() == 0


def test_a_wordpress_export_is_refused_with_a_hint():
    with pytest.raises(CommandError, match=r"root element is <rss>.*use import_wxr"):
        import_blogger(FIXTURES / "blog.xml")


def test_an_atom_feed_that_is_not_a_blogger_export_is_refused():
    with pytest.raises(CommandError, match="Not a Blogger export: no entry.*use import_feed"):
        import_blogger(FIXTURES / "feed-atom.xml")


def test_a_doctype_is_refused_so_no_entity_is_expanded(tmp_path):
    hostile = (
        CLASSIC.read_text()
        .replace(
            "<feed ",
            '<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<feed ',
            1,
        )
        .replace("Planting the first earlies</title>", "&xxe;</title>", 1)
    )
    path = write(tmp_path, hostile, "xxe.xml")

    with pytest.raises(CommandError, match="has no <!DOCTYPE>; this file is refused"):
        import_blogger(path)
    assert counts()["posts"] == 0


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 4096

    with pytest.raises(CommandError, match="more than the 4.0 KB an import reads"):
        import_blogger()


def test_the_import_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(52):
        import_blogger()
    with django_assert_max_num_queries(13):
        import_blogger()  # the second run: matching only
