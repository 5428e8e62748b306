"""Webmentions in: /webmention/ answers 202 with a status page, a task verifies the source on
the other blog and reads its microformats, and the response enters the moderation pipeline."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from comments.models import Comment
from core.site_url import absolute
from pings import incoming
from pings.models import IncomingWebmention
from tests.comments.helpers import make_comment, page_of, set_rules
from tests.conftest import clear_cache, make_post
from tests.other_blog import fresh_ip, our_url
from tests.pings.webmention_pages import entry, mention, png

pytestmark = pytest.mark.django_db

Type = Comment.WebmentionType


@pytest.fixture
def blog(other_blog, private_addresses_allowed):
    """The other blog on 127.0.0.1, which the verification may fetch in these tests."""
    other_blog.page("/jane.png", png(), content_type="image/png")
    return other_blog


@pytest.fixture
def post():
    return make_post("The fine post")


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a Webmention as another site does; the verification runs once the request commits."""

    def send(source, target, *, ip=None, **extra):
        data = {name: value for name, value in (("source", source), ("target", target)) if value}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/webmention/", {**data, **extra}, REMOTE_ADDR=ip or fresh_ip())

    return send


def webmention_of(post):
    return Comment.objects.get(post=post, kind=Comment.Kind.WEBMENTION)


def status_of(client, response):
    page = page_of(client.get(response["Location"]))
    return page.find(cls="webmention-state").text, page.find(cls="webmention-message").text


def approve(admin_client, comment):
    return admin_client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )


# The endpoint is announced on every post page.


def links(response):
    """The values of a response's Link header (other announcements share it)."""
    return [value.strip() for value in response.get("Link", "").split(",") if value.strip()]


def test_a_post_page_names_the_endpoint_in_a_link_header(client, post):
    response = client.get(post.get_absolute_url())

    assert f'<{absolute("/webmention/")}>; rel="webmention"' in links(response)


def test_the_link_header_survives_the_page_cache_and_answers_head_requests(client, post):
    client.get(post.get_absolute_url())

    link = f'<{absolute("/webmention/")}>; rel="webmention"'
    assert link in links(client.get(post.get_absolute_url()))
    assert link in links(client.head(post.get_absolute_url()))


def test_a_post_page_names_the_endpoint_in_a_link_in_its_head(client, post):
    page = page_of(client.get(post.get_absolute_url()))

    links = page.find("head").find_all("link", rel="webmention")
    assert [link.attrs["href"] for link in links] == [absolute("/webmention/")]


def test_a_post_closed_to_pings_announces_no_endpoint(client):
    closed = make_post(pings_open=False)

    response = client.get(closed.get_absolute_url())

    assert not [link for link in links(response) if 'rel="webmention"' in link]
    assert 'rel="webmention"' not in response.text


# Accepted at once, verified in the background.


def test_a_webmention_is_answered_202_with_the_address_of_its_status_page(
    client, blog, post, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    source = blog.page("/reply/", entry(our_url(post)))

    response = client.post(
        "/webmention/", {"source": source, "target": our_url(post)}, REMOTE_ADDR=fresh_ip()
    )

    assert response.status_code == 202
    mention = IncomingWebmention.objects.get()
    assert response["Location"] == absolute(mention.get_absolute_url())
    assert response["Location"] in response.text
    assert status_of(client, response) == ("pending", "The source is being verified.")
    assert blog.requests_to("/reply/") == [], "nothing is fetched while the request waits"


def test_a_reply_is_verified_held_approved_and_shown_with_its_author_and_stored_photo(
    client, admin_client, blog, post, send
):
    source = blog.page("/reply/", entry(our_url(post)))

    response = send(source, our_url(post))

    reply = webmention_of(post)
    assert (reply.status, reply.moderation_reason) == ("pending", "first ping from this site")
    assert (reply.webmention_type, reply.source_url) == (Type.REPLY, source)
    assert status_of(client, response) == ("pending", "Verified, and held for moderation.")
    assert "Jane Doe" not in client.get(post.get_absolute_url()).text

    approve(admin_client, reply)

    assert status_of(client, response) == ("accepted", "Verified and shown on the post.")
    shown = page_of(client.get(post.get_absolute_url())).by_id(f"comment-{reply.pk}")
    assert shown.find("b", cls="comment-author").text == "Jane Doe"
    assert shown.find("a", href=blog.url("/jane/")) is not None
    assert shown.find(cls="comment-content").find("b").text == "fine"
    assert shown.find("a", cls="comment-source").attrs["href"] == source
    photo = shown.find("img", cls="avatar").attrs["src"]
    assert photo == default_storage.url(reply.author_photo)
    assert not photo.startswith(blog.base), "never hotlinked"
    with default_storage.open(reply.author_photo) as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (96, 96)


def test_a_reply_counts_among_the_posts_responses(client, blog, post, send):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    send(blog.page("/reply/", entry(our_url(post))), our_url(post))

    post.refresh_from_db()
    assert webmention_of(post).status == Comment.Status.APPROVED, "a known site"
    assert post.comment_count == 1
    heading = page_of(client.get(post.get_absolute_url())).by_id("comments-title")
    assert heading.text.startswith("1 Response")


def test_a_reply_whose_photo_is_not_an_image_is_shown_with_the_default_avatar(
    client, blog, post, send
):
    blog.page("/not-a-picture.png", b"<html>surprise</html>", content_type="image/png")
    send(blog.page("/reply/", entry(our_url(post), photo="/not-a-picture.png")), our_url(post))

    assert webmention_of(post).author_photo == ""


def test_the_reply_content_is_sanitized(blog, post, send):
    content = '<p onclick="x()">Hi<script>alert(1)</script> <img src="/t.gif"></p>'
    send(blog.page("/reply/", entry(our_url(post), content=content)), our_url(post))

    assert webmention_of(post).body == "<p>Hi </p>"


def test_a_source_that_does_not_link_to_the_target_is_refused(client, blog, post, send):
    source = blog.page("/unrelated/", "<p>Nothing about you.</p>")

    response = send(source, our_url(post))

    assert response.status_code == 202
    assert status_of(client, response) == ("refused", "The source does not link to the target.")
    assert not Comment.objects.exists()


def test_a_source_that_cannot_be_found_is_refused(client, blog, post, send):
    response = send(blog.url("/missing/"), our_url(post))

    assert status_of(client, response) == ("refused", "The source answered HTTP 404.")
    assert not Comment.objects.exists()


# Updates and deletions.


def test_the_same_source_sent_again_updates_its_response(client, blog, post, send):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    blog.page("/reply/", entry(our_url(post), content="<p>First thoughts.</p>"))
    send(blog.url("/reply/"), our_url(post))
    blog.page("/reply/", entry(our_url(post), name="Jane D.", content="<p>Second thoughts.</p>"))

    response = send(blog.url("/reply/"), our_url(post))

    reply = webmention_of(post)
    assert (reply.author_name, reply.body) == ("Jane D.", "<p>Second thoughts.</p>")
    assert reply.status == Comment.Status.APPROVED
    assert status_of(client, response)[0] == "accepted"
    assert "Second thoughts" in client.get(post.get_absolute_url()).text


def test_an_update_that_adds_a_block_word_makes_the_response_spam(blog, post, send):
    set_rules(block_words="casino")
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    send(blog.page("/reply/", entry(our_url(post))), our_url(post))
    blog.page("/reply/", entry(our_url(post), content="<p>Visit my casino.</p>"))

    send(blog.url("/reply/"), our_url(post))

    assert webmention_of(post).status == Comment.Status.SPAM


def test_a_source_that_answers_410_removes_its_response(client, blog, post, send):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    send(blog.page("/reply/", entry(our_url(post))), our_url(post))
    blog.page("/reply/", "Gone", status=410)

    response = send(blog.url("/reply/"), our_url(post))

    assert not Comment.objects.filter(kind=Comment.Kind.WEBMENTION).exists()
    assert status_of(client, response) == (
        "removed",
        "The source is gone (HTTP 410): the response it made is removed.",
    )
    assert "What a" not in client.get(post.get_absolute_url()).text


def test_a_source_that_no_longer_links_to_the_target_removes_its_response(blog, post, send):
    send(blog.page("/reply/", entry(our_url(post))), our_url(post))
    blog.page("/reply/", "<p>I took it back.</p>")

    send(blog.url("/reply/"), our_url(post))

    assert not Comment.objects.filter(kind=Comment.Kind.WEBMENTION).exists()


# Likes, reposts and mentions.


def test_likes_and_reposts_are_counted_apart_from_the_replies(client, blog, post, send):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    for n in range(2):
        send(blog.page(f"/like-{n}/", entry(our_url(post), prop="u-like-of")), our_url(post))
    send(blog.page("/repost/", entry(our_url(post), prop="u-repost-of")), our_url(post))

    assert sorted(Comment.objects.reactions().values_list("webmention_type", flat=True)) == [
        Type.LIKE,
        Type.LIKE,
        Type.REPOST,
    ]
    page = page_of(client.get(post.get_absolute_url()))
    assert page.find(cls="liked-elsewhere").text == "2 people liked this elsewhere."
    assert page.find(cls="reposted-elsewhere").text == "1 person reposted this elsewhere."
    assert page.by_id("comments-title").text == "No comments yet."
    assert "Jane Doe" not in page.by_id("pings").text
    post.refresh_from_db()
    assert post.comment_count == 0


def test_a_post_without_likes_elsewhere_says_nothing_of_them(client, post):
    page = page_of(client.get(post.get_absolute_url()))

    assert page.find(cls="reactions-elsewhere") is None


def test_a_plain_mention_is_listed_with_the_pings(client, blog, post, send):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    source = blog.page("/notes/", mention(our_url(post)))

    send(source, our_url(post))

    found = webmention_of(post)
    assert (found.webmention_type, found.author_name) == (Type.MENTION, "Notes of the week")
    pings = page_of(client.get(post.get_absolute_url())).by_id("pings")
    assert pings.find("a", href=source).text == "Notes of the week"
    assert "I read a post about tea" in pings.text


def test_a_plain_text_source_that_names_the_target_is_a_mention(blog, post, send):
    source = blog.page("/notes.txt", f"Read {our_url(post)} today.", content_type="text/plain")

    send(source, our_url(post))

    assert webmention_of(post).webmention_type == Type.MENTION


def test_the_moderation_queue_shows_what_kind_of_webmention_each_is(admin_client, blog, post, send):
    send(blog.page("/like/", entry(our_url(post), prop="u-like-of")), our_url(post))

    queue = admin_client.get("/admin/comments/comment/?status=pending")

    assert "Webmention (like)" in queue.text


def test_the_admin_lists_each_webmention_received_and_what_became_of_it(
    admin_client, blog, post, send
):
    send(blog.page("/unrelated/", "<p>Nothing about you.</p>"), our_url(post))

    listing = admin_client.get("/admin/pings/incomingwebmention/")

    assert blog.url("/unrelated/") in listing.text
    assert "The source does not link to the target." in listing.text


def test_the_comments_feed_carries_replies_sent_by_webmention_and_not_likes(
    client, blog, post, send
):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    send(blog.page("/reply/", entry(our_url(post), content="<p>Replied.</p>")), our_url(post))
    send(blog.page("/like/", entry(our_url(post), prop="u-like-of", name="Sam")), our_url(post))

    feed = client.get("/comments/feed/").text

    assert "by Jane Doe" in feed
    assert "by Sam" not in feed


# The moderation pipeline, as for every response.


def test_a_block_word_makes_a_webmention_spam(blog, post, send):
    set_rules(block_words="casino")
    send(blog.page("/reply/", entry(our_url(post), content="<p>casino</p>")), our_url(post))

    assert webmention_of(post).status == Comment.Status.SPAM


def test_a_reply_with_too_many_links_is_held(blog, post, send):
    make_comment(post, author_url=blog.url("/earlier/"), kind=Comment.Kind.PINGBACK)
    links = "".join(f'<a href="https://x.example/{n}">{n}</a> ' for n in range(3))
    send(blog.page("/reply/", entry(our_url(post), content=f"<p>{links}</p>")), our_url(post))

    assert webmention_of(post).moderation_reason == "contains 3 links (more than 2)"


def test_many_pages_of_one_site_in_a_minute_are_a_flood(client, blog, post, send):
    for n in range(10):
        make_comment(
            post, kind=Comment.Kind.PINGBACK, author_url=blog.url(f"/p{n}/"), minutes_ago=0
        )

    response = send(blog.page("/reply/", entry(our_url(post))), our_url(post))

    state, message = status_of(client, response)
    assert state == "refused" and "coming too quickly" in message


def test_one_page_telling_several_posts_about_itself_is_not_a_flood(blog, send):
    posts = [make_post(), make_post()]
    page = blog.page("/both/", "".join(mention(our_url(p)) for p in posts))

    for target in posts:
        send(page, our_url(target), ip="203.0.113.50")

    assert Comment.objects.filter(kind=Comment.Kind.WEBMENTION).count() == 2


# Refused at once: 400 with what is wrong, 429 past the rate limit.


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (None, "OURS", "source is required"),
        ("SOURCE", None, "target is required"),
        ("not a url", "OURS", "source must be an http or https URL"),
        ("ftp://example.com/page", "OURS", "source must be an http or https URL"),
        ("javascript:alert(1)", "OURS", "source must be an http or https URL"),
        ("SOURCE", "https://elsewhere.example/2026/01/01/x/", "target is not a post of this blog"),
        ("SOURCE", "HOME", "target is not a post of this blog"),
        ("SOURCE", "ftp://ours", "target is not a post of this blog"),
        ("OURS", "OURS", "source and target must be different pages"),
        ("http://10.1.2.3/page/", "OURS", "source cannot be fetched"),
        ("http://localhost/page/", "OURS", "source cannot be fetched"),
        ("http://user:pw@example.com/", "OURS", "source cannot be fetched"),
    ],
)
def test_bad_input_is_answered_400_with_what_is_wrong(client, post, source, target, message):
    """Without PINGS_ALLOW_PRIVATE_ADDRESSES, as in production."""
    names = {"OURS": our_url(post), "SOURCE": "https://other.example/reply/", "HOME": absolute("/")}
    data = {
        name: names.get(value, value)
        for name, value in (("source", source), ("target", target))
        if value is not None
    }

    response = client.post("/webmention/", data, REMOTE_ADDR=fresh_ip())

    assert response.status_code == 400
    assert message in response.text
    assert not IncomingWebmention.objects.exists()


def test_a_target_closed_to_pings_is_answered_400(client):
    closed = make_post(pings_open=False)

    response = client.post(
        "/webmention/",
        {"source": "https://other.example/reply/", "target": our_url(closed)},
        REMOTE_ADDR=fresh_ip(),
    )

    assert response.status_code == 400
    assert "target does not accept Webmentions" in response.text


def test_a_source_too_long_is_answered_400(client, post):
    source = "https://other.example/" + "a" * 500

    response = client.post("/webmention/", {"source": source, "target": our_url(post)})

    assert response.status_code == 400
    assert "source" in response.text and "500 characters" in response.text


def test_a_get_is_answered_405(client):
    assert client.get("/webmention/").status_code == 405


def test_webmentions_past_the_rate_limit_are_answered_429(client, post, rate_limit_clock_stopped):
    data = {"source": "not a url", "target": our_url(post)}
    answers = [
        client.post("/webmention/", data, REMOTE_ADDR="203.0.113.9").status_code
        for _ in range(incoming.PINGS_PER_MINUTE + 1)
    ]

    assert answers == [400] * incoming.PINGS_PER_MINUTE + [429]
    refused = client.post("/webmention/", data, REMOTE_ADDR="203.0.113.9")
    assert refused["Retry-After"] == "60"
    assert "Too many Webmentions" in refused.text


def test_an_unknown_status_page_is_a_404(client):
    assert client.get("/webmention/not-a-token/").status_code == 404


# A fixed number of queries, however many responses arrived by Webmention.


def add_webmentions(post, count):
    kinds = [Type.REPLY, Type.LIKE, Type.REPOST, Type.MENTION]
    Comment.objects.bulk_create(
        Comment(
            post=post,
            kind=Comment.Kind.WEBMENTION,
            webmention_type=kinds[n % 4],
            status=Comment.Status.APPROVED,
            author_name=f"Writer {n}",
            author_url=f"https://w{n}.example/",
            source_url=f"https://w{n}.example/post/",
            author_photo=f"webmention-photos/{n:032d}.png",
            body=f"<p>Response {n}</p>",
        )
        for n in range(count)
    )
    Comment.refresh_counts({post.pk})


def test_the_post_page_runs_the_same_queries_with_many_webmentions(
    client, django_assert_max_num_queries
):
    from tests.comments.test_queries import POST_PAGE_MAX_QUERIES

    post = make_post()
    add_webmentions(post, 200)
    client.get(post.get_absolute_url())  # the bulk-made responses' HTML is stored
    clear_cache()

    with django_assert_max_num_queries(POST_PAGE_MAX_QUERIES):
        response = client.get(post.get_absolute_url())

    assert "50 people liked this elsewhere." in response.text
    assert response.text.count('class="comment-source"') == 50
