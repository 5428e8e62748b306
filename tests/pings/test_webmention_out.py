"""Webmentions out: publishing finds each linked page's endpoint as the spec's test suite
(webmention.rocks, tests 1 to 23) has it, sends one Webmention per target and content, and
sends again on an update, to the pages the post still links to and to those it dropped."""

import pytest

from pings.models import OutgoingPing
from tests.conftest import make_post
from tests.other_blog import our_url

pytestmark = pytest.mark.django_db

Kind, Result = OutgoingPing.Kind, OutgoingPing.Result


@pytest.fixture
def blog(other_blog, private_addresses_allowed):
    return other_blog


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Save a post as the admin does, and run what waits for the commit (the task runs inline)."""

    def publish(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(**fields)

    return publish


@pytest.fixture
def save(django_capture_on_commit_callbacks):
    def save(post, **changes):
        for name, value in changes.items():
            setattr(post, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            post.save()
        return post

    return save


def linking_to(*urls):
    return "<p>" + " ".join(f'I read <a href="{url}">this</a>.' for url in urls) + "</p>"


def html(head="", body=""):
    return f"<!doctype html><html><head><title>Test</title>{head}</head><body>{body}</body></html>"


def sent(blog):
    """(endpoint path, query) of each Webmention the other blog received."""
    return [(w["endpoint"], w["query"]) for w in blog.webmentions]


def discovered(blog, publish, path, *, expected, query=""):
    """Publish a post linking to the page at `path`: it sends exactly one Webmention, to
    `expected` (with `query`), with our post as source and the page as target."""
    target = blog.url(path)
    post = publish(body=linking_to(target))
    assert sent(blog) == [(expected, query)]
    assert (blog.webmentions[0]["source"], blog.webmentions[0]["target"]) == (
        our_url(post),
        target,
    )
    attempt = OutgoingPing.objects.get(post=post)
    assert (attempt.kind, attempt.result) == (Kind.WEBMENTION, Result.SENT)
    assert attempt.endpoint == blog.url(expected) + (f"?{query}" if query else "")
    return attempt


# Discovery: the HTTP Link header first.


def test_1_a_link_header_with_an_unquoted_rel_and_a_relative_url(blog, publish):
    blog.webmention_endpoint("/test/1/webmention")
    blog.page("/test/1", html(), headers={"Link": "</test/1/webmention?head=true>; rel=webmention"})

    discovered(blog, publish, "/test/1", expected="/test/1/webmention", query="head=true")


def test_2_a_link_header_with_an_unquoted_rel_and_an_absolute_url(blog, publish):
    endpoint = blog.webmention_endpoint("/test/2/webmention")
    blog.page("/test/2", html(), headers={"Link": f"<{endpoint}?head=true>; rel=webmention"})

    discovered(blog, publish, "/test/2", expected="/test/2/webmention", query="head=true")


def test_7_a_link_header_with_strange_casing(blog, publish):
    blog.webmention_endpoint("/test/7/webmention")
    blog.page(
        "/test/7", html(), headers={"LinK": '</test/7/webmention?head=true>; REL="webmention"'}
    )

    discovered(blog, publish, "/test/7", expected="/test/7/webmention", query="head=true")


def test_8_a_link_header_with_a_quoted_rel(blog, publish):
    blog.webmention_endpoint("/test/8/webmention")
    blog.page(
        "/test/8", html(), headers={"Link": '</test/8/webmention?head=true>; rel="webmention"'}
    )

    discovered(blog, publish, "/test/8", expected="/test/8/webmention", query="head=true")


def test_10_a_link_header_with_several_rel_values(blog, publish):
    blog.webmention_endpoint("/test/10/webmention")
    header = '</test/10/webmention?head=true>; rel="webmention somethingelse"'
    blog.page("/test/10", html(), headers={"Link": header})

    discovered(blog, publish, "/test/10", expected="/test/10/webmention", query="head=true")


def test_11_the_link_header_wins_over_link_and_a_elements(blog, publish):
    blog.webmention_endpoint("/test/11/webmention")
    blog.page(
        "/test/11",
        html(
            '<link rel="webmention" href="/test/11/error">',
            '<a rel="webmention" href="/test/11/error">error</a>',
        ),
        headers={"Link": "</test/11/webmention>; rel=webmention"},
    )

    discovered(blog, publish, "/test/11", expected="/test/11/webmention")


def test_18_several_link_headers(blog, publish):
    blog.webmention_endpoint("/test/18/webmention")
    headers = [
        ("Link", '<https://error.example/>; rel="other"'),
        ("Link", '</test/18/webmention?head=true>; rel="webmention"'),
    ]
    blog.page("/test/18", html(), headers=headers)

    discovered(blog, publish, "/test/18", expected="/test/18/webmention", query="head=true")


def test_19_one_link_header_with_several_values(blog, publish):
    blog.webmention_endpoint("/test/19/webmention")
    header = (
        '<https://error.example/>; rel="other", </test/19/webmention?head=true>; rel="webmention"'
    )
    blog.page("/test/19", html(), headers={"Link": header})

    discovered(blog, publish, "/test/19", expected="/test/19/webmention", query="head=true")


# Then the first <link> or <a rel="webmention"> with an href, in document order.


def test_3_a_link_element_with_a_relative_url(blog, publish):
    blog.webmention_endpoint("/test/3/webmention")
    blog.page("/test/3", html('<link rel="webmention" href="/test/3/webmention">'))

    discovered(blog, publish, "/test/3", expected="/test/3/webmention")


def test_4_a_link_element_with_an_absolute_url(blog, publish):
    endpoint = blog.webmention_endpoint("/test/4/webmention")
    blog.page("/test/4", html(f'<link rel="webmention" href="{endpoint}">'))

    discovered(blog, publish, "/test/4", expected="/test/4/webmention")


def test_5_an_a_element_with_a_relative_url(blog, publish):
    blog.webmention_endpoint("/test/5/webmention")
    blog.page("/test/5", html(body='<a rel="webmention" href="/test/5/webmention">wm</a>'))

    discovered(blog, publish, "/test/5", expected="/test/5/webmention")


def test_6_an_a_element_with_an_absolute_url(blog, publish):
    endpoint = blog.webmention_endpoint("/test/6/webmention")
    blog.page("/test/6", html(body=f'<a rel="webmention" href="{endpoint}">wm</a>'))

    discovered(blog, publish, "/test/6", expected="/test/6/webmention")


def test_9_a_link_element_with_several_rel_values(blog, publish):
    blog.webmention_endpoint("/test/9/webmention")
    blog.page("/test/9", html('<link rel="webmention somethingelse" href="/test/9/webmention">'))

    discovered(blog, publish, "/test/9", expected="/test/9/webmention")


def test_12_rel_must_be_webmention_exactly(blog, publish):
    blog.webmention_endpoint("/test/12/webmention")
    blog.page(
        "/test/12",
        html(
            '<link rel="not-webmention" href="/test/12/error">'
            '<link rel="webmention" href="/test/12/webmention">'
        ),
    )

    discovered(blog, publish, "/test/12", expected="/test/12/webmention")


def test_13_an_endpoint_inside_an_html_comment_is_not_one(blog, publish):
    blog.webmention_endpoint("/test/13/webmention")
    blog.page(
        "/test/13",
        html(
            '<!-- <link rel="webmention" href="/test/13/error"> -->'
            '<link rel="webmention" href="/test/13/webmention">'
        ),
    )

    discovered(blog, publish, "/test/13", expected="/test/13/webmention")


def test_14_an_endpoint_in_escaped_html_is_not_one(blog, publish):
    blog.webmention_endpoint("/test/14/webmention")
    blog.page(
        "/test/14",
        html(
            body='<code>&lt;a rel="webmention" href="/test/14/error"&gt;&lt;/a&gt;</code>'
            '<a rel="webmention" href="/test/14/webmention">wm</a>'
        ),
    )

    discovered(blog, publish, "/test/14", expected="/test/14/webmention")


def test_15_an_empty_href_names_the_page_itself(blog, publish):
    blog.webmention_endpoint("/test/15", page=html('<link rel="webmention" href="">'))

    discovered(blog, publish, "/test/15", expected="/test/15")


def test_16_an_a_before_a_link_wins(blog, publish):
    blog.webmention_endpoint("/test/16/webmention")
    blog.page(
        "/test/16",
        html(
            body='<a rel="webmention" href="/test/16/webmention">wm</a>'
            '<link rel="webmention" href="/test/16/error">'
        ),
    )

    discovered(blog, publish, "/test/16", expected="/test/16/webmention")


def test_17_a_link_before_an_a_wins(blog, publish):
    blog.webmention_endpoint("/test/17/webmention")
    blog.page(
        "/test/17",
        html(
            '<link rel="webmention" href="/test/17/webmention">',
            '<a rel="webmention" href="/test/17/error">error</a>',
        ),
    )

    discovered(blog, publish, "/test/17", expected="/test/17/webmention")


def test_20_a_link_element_without_href_is_skipped(blog, publish):
    blog.webmention_endpoint("/test/20/webmention")
    blog.page(
        "/test/20",
        html('<link rel="webmention"><link rel="webmention" href="/test/20/webmention">'),
    )

    discovered(blog, publish, "/test/20", expected="/test/20/webmention")


def test_21_the_endpoints_query_string_is_kept(blog, publish):
    blog.webmention_endpoint("/test/21/webmention")
    blog.page("/test/21", html('<link rel="webmention" href="/test/21/webmention?query=yes">'))

    discovered(blog, publish, "/test/21", expected="/test/21/webmention", query="query=yes")


def test_22_a_relative_endpoint_is_resolved_against_the_pages_path(blog, publish):
    blog.webmention_endpoint("/test/22/webmention")
    blog.page("/test/22", html('<link rel="webmention" href="22/webmention">'))

    discovered(blog, publish, "/test/22", expected="/test/22/webmention")


def test_23_after_a_redirect_the_endpoint_is_relative_to_the_final_page(blog, publish):
    blog.page("/test/23/page", "", status=302, headers={"Location": "/test/23/page/final"})
    blog.page(
        "/test/23/page/final", html(), headers={"Link": "<webmention-endpoint>; rel=webmention"}
    )
    blog.webmention_endpoint("/test/23/page/webmention-endpoint")

    discovered(blog, publish, "/test/23/page", expected="/test/23/page/webmention-endpoint")


def test_a_page_at_a_private_address_is_not_told_anything(blog, publish, settings):
    """Without PINGS_ALLOW_PRIVATE_ADDRESSES, as in production: the other blog is on loopback."""
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False
    blog.webmention_endpoint("/webmention")
    page = blog.page("/private/", html('<link rel="webmention" href="/webmention">'))

    post = publish(body=linking_to(page))

    attempt = OutgoingPing.objects.get(post=post)
    assert attempt.result == Result.FAILED
    assert blog.requests == [] and blog.webmentions == []


# Webmention first, a pingback where there is no endpoint.


def test_a_page_with_a_webmention_endpoint_and_a_pingback_server_gets_the_webmention_only(
    blog, publish
):
    blog.webmention_endpoint("/webmention")
    server = blog.pingback_server("/xmlrpc.php")
    blog.page(
        "/both/",
        html(f'<link rel="webmention" href="/webmention"><link rel="pingback" href="{server}">'),
    )

    discovered(blog, publish, "/both/", expected="/webmention")
    assert blog.pingbacks == []


def test_a_page_without_an_endpoint_is_pinged_back_as_before(blog, publish):
    server = blog.pingback_server("/xmlrpc.php")
    page = blog.page("/old/", html(f'<link rel="pingback" href="{server}">'))

    post = publish(body=linking_to(page))

    assert [(p["source"], p["target"]) for p in blog.pingbacks] == [(our_url(post), page)]
    assert blog.webmentions == []
    attempt = OutgoingPing.objects.get(post=post)
    assert (attempt.kind, attempt.result) == (Kind.PINGBACK, Result.SENT)


def test_a_page_with_neither_is_recorded_as_having_no_server(blog, publish):
    page = blog.page("/plain/", html())

    post = publish(body=linking_to(page))

    attempt = OutgoingPing.objects.get(post=post)
    assert (attempt.result, attempt.message) == (
        Result.NO_SERVER,
        "the page names no Webmention or pingback server",
    )


def test_an_endpoint_that_answers_an_error_is_recorded_as_failed(blog, publish):
    blog.webmention_endpoint("/webmention", status=400)
    blog.page("/picky/", html('<link rel="webmention" href="/webmention">'))

    post = publish(body=linking_to(blog.url("/picky/")))

    attempt = OutgoingPing.objects.get(post=post)
    assert (attempt.result, attempt.message) == (
        Result.FAILED,
        "the Webmention endpoint answered HTTP 400",
    )


# Once per target and content; again on an update, to the pages still linked and dropped.


@pytest.fixture
def peer(blog):
    """Two pages of the other blog that take Webmentions."""
    blog.webmention_endpoint("/webmention")
    for path in ("/a/", "/b/"):
        blog.page(path, html('<link rel="webmention" href="/webmention">'))
    return blog


def targets(blog):
    return [w["target"] for w in blog.webmentions]


def test_publishing_sends_one_webmention_and_an_update_that_drops_the_link_sends_one_more(
    peer, publish, save
):
    post = publish(body=linking_to(peer.url("/a/")))
    assert targets(peer) == [peer.url("/a/")]

    save(post, body="<p>I changed my mind about it.</p>")

    assert targets(peer) == [peer.url("/a/"), peer.url("/a/")]
    assert peer.webmentions[1]["source"] == our_url(post)


def test_saving_again_without_changing_the_content_sends_nothing(peer, publish, save):
    post = publish(body=linking_to(peer.url("/a/")))

    save(post)
    save(post, comments_open=False)

    assert targets(peer) == [peer.url("/a/")]


def test_an_update_sends_again_to_the_pages_still_linked_and_once_to_new_ones(peer, publish, save):
    post = publish(body=linking_to(peer.url("/a/")))

    save(post, body=linking_to(peer.url("/a/"), peer.url("/b/")))

    assert sorted(targets(peer)) == [peer.url("/a/"), peer.url("/a/"), peer.url("/b/")]
    assert OutgoingPing.objects.filter(post=post).count() == 2


def test_a_page_dropped_once_is_not_told_again_until_the_content_changes(peer, publish, save):
    post = publish(body=linking_to(peer.url("/a/"), peer.url("/b/")))
    save(post, body=linking_to(peer.url("/b/")))
    assert targets(peer).count(peer.url("/a/")) == 2

    save(post)

    assert targets(peer).count(peer.url("/a/")) == 2


def test_a_title_change_sends_again(peer, publish, save):
    post = publish(body=linking_to(peer.url("/a/")))

    save(post, title="A better title")

    assert targets(peer) == [peer.url("/a/"), peer.url("/a/")]


def test_a_pinged_back_page_is_not_pinged_again_on_an_update(blog, publish, save):
    server = blog.pingback_server("/xmlrpc.php")
    page = blog.page("/old/", html(f'<link rel="pingback" href="{server}">'))
    post = publish(body=linking_to(page))

    save(post, body=linking_to(page) + "<p>More.</p>")

    assert len(blog.pingbacks) == 1
