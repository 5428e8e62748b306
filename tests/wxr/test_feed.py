"""`import_feed`: any RSS or Atom feed, from a file or a URL fetched through the one
outgoing client, comes in once, through the public pages.

feed-rss.xml is an RSS 2.0 feed with content:encoded, an enclosure and an item without a
guid; feed-atom.xml an Atom feed with full content, a summary-only entry and an entry
that links to another site.
"""

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management.base import CommandError

from library.models import MediaItem
from posts.models import Attachment, Post
from tests.library.helpers import image_bytes

from .helpers import FIXTURES, counts, write
from .platform_helpers import OldSite, run

pytestmark = pytest.mark.django_db

RSS = FIXTURES / "feed-rss.xml"
ATOM = FIXTURES / "feed-atom.xml"


def import_feed(source=RSS, *options):
    return run("import_feed", source, *options)


@pytest.fixture
def feed_host(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True  # the host is on 127.0.0.1
    server = OldSite({"/feed/": (RSS.read_bytes(), "application/rss+xml")}).start()
    yield server
    server.stop()


def test_the_summary_says_what_came_in():
    out = import_feed()

    assert out.splitlines()[0] == "RSS 2.0 feed: “Workshop Notes” https://workshop.example.net/"
    assert "3 posts (3 published)" in out
    assert "1 attachments (1 enclosures)" in out


def test_an_rss_item_shows_at_its_permalink_with_its_full_text(client):
    import_feed()

    response = client.get("/2023/09/16/dovetails/")

    assert response.status_code == 200
    assert "Mark the <em>tails</em> first." in response.content.decode()


def test_content_encoded_wins_over_the_description():
    import_feed()

    assert "summary of dovetails" not in Post.objects.get(slug="dovetails").body


def test_hostile_html_is_removed():
    import_feed()
    import_feed(ATOM)

    body = Post.objects.get(slug="dovetails").body
    assert "javascript:" not in body and "<iframe" not in body
    moons = Post.objects.get(slug="jupiters-moons").body
    assert "onerror" not in moons and "<script" not in moons and "track()" not in moons
    assert '<img src="https://nightsky.example.org/img/jupiter.jpg" alt="Jupiter">' in moons


def test_the_old_address_on_the_feeds_site_redirects(client):
    import_feed()

    response = client.get("/2023/09/dovetails/")

    assert response.status_code == 301
    assert response["Location"] == "/2023/09/16/dovetails/"


def test_entries_linking_to_other_sites_get_no_redirect():
    out = import_feed(ATOM)

    guide = Post.objects.get(title="Elsewhere: a great eclipse guide")
    assert guide.slug == "elsewhere-a-great-eclipse-guide"
    assert not Redirect.objects.filter(old_path="/guide").exists()
    assert "Entries linking to other sites got no redirect" in out


def test_authors_and_categories_come_in():
    import_feed()

    dovetails = Post.objects.get(slug="dovetails")
    assert dovetails.author.username == "Jo-Joiner"
    assert not dovetails.author.is_active
    assert sorted(dovetails.tags.values_list("name", flat=True)) == ["Hand tools", "Joinery"]


def test_atom_entries_take_the_feeds_author_and_category_labels():
    import_feed(ATOM)

    moons = Post.objects.get(slug="jupiters-moons")
    assert moons.author.username == "Vera-Stargazer"
    assert moons.author.email == "vera@nightsky.example.org"
    assert sorted(moons.tags.values_list("name", flat=True)) == ["Planets", "moons"]
    assert Post.objects.get(slug="orion").author.username == "Max-Observer"


def test_a_summary_only_entry_uses_its_summary_and_its_updated_date():
    import_feed(ATOM)

    orion = Post.objects.get(slug="orion")
    assert orion.title == "Orion & friends"
    assert "Only a <em>summary</em> here." in orion.body
    assert orion.published_at.isoformat() == "2024-03-02T20:00:00+00:00"


def test_text_content_is_escaped_not_rendered():
    import_feed(ATOM)

    guide = Post.objects.get(title="Elsewhere: a great eclipse guide")
    assert "&lt;b&gt;tag&lt;/b&gt;" in guide.body


def test_enclosures_are_kept_as_links_and_noted():
    out = import_feed()

    episode = Post.objects.get(slug="episode-3")
    assert '<a href="https://media.example.net/workshop/episode-3.mp3"' in episode.body
    assert Attachment.objects.get().url == "https://media.example.net/workshop/episode-3.mp3"
    assert "Enclosures (podcast audio, attached files) were kept as links" in out


def test_a_second_run_changes_nothing_matching_by_id_or_link():
    import_feed()
    before = counts()

    out = import_feed()

    assert counts() == before
    assert "posts: 3 already here (matched by their id in the export)" in out


def test_dry_run_writes_nothing():
    before = counts()

    out = import_feed(RSS, "--dry-run")

    assert counts() == before
    assert "Would import:" in out


def test_a_feed_url_is_fetched_through_the_safe_client(feed_host):
    out = import_feed(f"{feed_host.url}/feed/")

    assert feed_host.requests == ["/feed/"]
    assert "3 posts" in out
    assert Post.objects.filter(slug="dovetails").exists()


def test_relative_links_in_a_fetched_feed_point_at_the_old_site(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    feed = RSS.read_bytes().replace(
        b"<p>Mark the", b'<p><img src="/img/saw.jpg" alt="Saw">Mark the'
    )
    host = OldSite({"/feed/": (feed, "application/rss+xml")}).start()
    try:
        import_feed(f"{host.url}/feed/")
    finally:
        host.stop()

    assert f'src="{host.url}/img/saw.jpg"' in Post.objects.get(slug="dovetails").body


def test_a_private_address_is_refused_without_a_request(feed_host, settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False

    with pytest.raises(CommandError, match=r"Cannot fetch .*/feed/: .*Nothing was imported"):
        import_feed(f"{feed_host.url}/feed/")
    assert feed_host.requests == []


def test_a_feed_url_that_answers_an_error_is_a_clear_error(feed_host):
    with pytest.raises(CommandError, match=r"Cannot fetch .*/missing/: HTTP 404"):
        import_feed(f"{feed_host.url}/missing/")


def test_a_feed_larger_than_the_limit_is_refused(feed_host, settings):
    settings.IMPORT_MAX_BYTES = 500

    with pytest.raises(CommandError, match="is larger than the 500 bytes an import reads"):
        import_feed(f"{feed_host.url}/feed/")
    assert Post.objects.count() == 0


def test_a_file_larger_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 500

    with pytest.raises(CommandError, match="The file is .* more than the 500 bytes"):
        import_feed()


def test_fetch_media_copies_body_images_and_enclosures(settings, tmp_path):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True
    host = OldSite({"/img/jupiter.jpg": (image_bytes((400, 300)), "image/jpeg")}).start()
    try:
        feed = ATOM.read_text().replace("https://nightsky.example.org/img/", f"{host.url}/img/")
        out = import_feed(write(tmp_path, feed, "feed.xml"), "--fetch-media")
    finally:
        host.stop()

    item = MediaItem.objects.get()
    assert f'src="{item.url}"' in Post.objects.get(slug="jupiters-moons").body
    assert "1 media files fetched" in out


def test_a_wordpress_export_is_pointed_at_import_wxr():
    with pytest.raises(CommandError, match="This is a WordPress export: use import_wxr"):
        import_feed(FIXTURES / "blog.xml")


def test_a_blogger_export_is_pointed_at_import_blogger():
    with pytest.raises(CommandError, match="This is a Blogger export: use import_blogger"):
        import_feed(FIXTURES / "blogger-classic.xml")


def test_something_that_is_not_a_feed_is_refused():
    with pytest.raises(CommandError, match="Not an RSS or Atom feed"):
        import_feed(FIXTURES / "ghost-5.json")
    assert Post.objects.count() == 0


def test_a_truncated_feed_is_refused_when_nothing_can_be_read(tmp_path):
    path = write(tmp_path, RSS.read_text()[:400], "cut.xml")

    with pytest.raises(CommandError, match="Not a readable feed"):
        import_feed(path)
    assert Post.objects.count() == 0


def test_a_feed_cut_short_after_some_entries_is_refused_whole(tmp_path):
    text = RSS.read_text()
    path = write(tmp_path, text[: text.index("<title>A post without a guid")], "cut.xml")

    with pytest.raises(CommandError, match=r"The feed is cut short \(.*no element found"):
        import_feed(path)
    assert Post.objects.count() == 0


def test_entity_declarations_are_refused(tmp_path):
    hostile = RSS.read_text().replace(
        "<rss ", '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<rss ', 1
    )

    with pytest.raises(CommandError, match="entity declarations or external references"):
        import_feed(write(tmp_path, hostile, "lol.xml"))


def test_the_import_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(42):
        import_feed()
    with django_assert_max_num_queries(11):
        import_feed()  # the second run: matching only
