"""Pingbacks in: /xmlrpc.php answers at once, with fault codes for what it can tell without
fetching; a background task verifies the source on the other blog."""

import logging
import time
import xmlrpc.client

import pytest
from django.tasks import default_task_backend
from django.tasks.signals import task_finished
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from core import fetch
from pings import incoming
from pings.pingback import verify
from posts.models import Post
from tests.comments.helpers import make_comment, set_rules
from tests.conftest import make_category, make_post
from tests.other_blog import fresh_ip, our_url

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
LOGGER = "pings.pingback"


def xmlrpc_post(client, body, *, ip=None):
    return client.generic(
        "POST", "/xmlrpc.php", body, content_type="text/xml", REMOTE_ADDR=ip or fresh_ip()
    )


def call(client, method, *params, ip=None):
    return xmlrpc_post(client, xmlrpc.client.dumps(params, method).encode(), ip=ip)


def result_of(response):
    """The method's return value; raises xmlrpc.client.Fault for a fault."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/xml")
    (value,), _ = xmlrpc.client.loads(response.content)
    return value


def fault_of(response):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        result_of(response)
    return caught.value.faultCode, caught.value.faultString


def ping(client, source, target, **kwargs):
    return call(client, "pingback.ping", source, target, **kwargs)


@pytest.fixture
def post():
    return make_post("The fine post")


@pytest.fixture
def blog(other_blog, private_addresses_allowed):
    """The other blog on 127.0.0.1, which the pingback server may fetch in these tests."""
    return other_blog


class Verifications:
    """The background verifications a test's pingbacks ran, and what they logged."""

    def __init__(self, caplog):
        self.results, self.caplog = [], caplog

    def record(self, sender, task_result, **kwargs):
        if task_result.task.module_path == verify.module_path:
            self.results.append(task_result)

    def refusal(self, response):
        """(code, message) of the fault a verification found, for a call that was accepted."""
        assert "registered" in result_of(response)
        (result,) = self.results
        outcome = result.return_value
        assert not outcome["registered"]
        logged = [r.getMessage() for r in self.caplog.records if r.name == LOGGER]
        assert logged == [
            f"pingback from {result.args[1]} to {result.args[2]} not registered: "
            f"fault {outcome['fault']}, {outcome['message']}"
        ]
        return outcome["fault"], outcome["message"]


@pytest.fixture
def verifications(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    verifications = Verifications(caplog)
    task_finished.connect(verifications.record)
    yield verifications
    task_finished.disconnect(verifications.record)


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the queue until the test runs them, as with a real worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return default_task_backend.results


def test_list_methods_names_pingback_ping(client):
    methods = result_of(call(client, "system.listMethods"))

    assert {"pingback.ping", "system.listMethods"} <= set(methods)


def test_say_hello(client):
    assert result_of(call(client, "demo.sayHello")) == "Hello!"


def test_a_pingback_from_a_page_that_links_to_the_post_is_registered(client, blog, post):
    source = blog.post_linking_to(
        "/2026/01/05/reply/",
        our_url(post),
        title="My reply – Other Blog",
        before="Yesterday it rained.",
        after="It made me think.",
    )

    message = result_of(ping(client, source, our_url(post), ip="203.0.113.5"))

    assert "registered" in message
    assert blog.requests_to("/2026/01/05/reply/")[0]["method"] == "GET"
    pingback = Comment.objects.get()
    assert (pingback.post, pingback.kind) == (post, Comment.Kind.PINGBACK)
    assert pingback.author_name == "My reply – Other Blog"
    assert pingback.author_url == source
    assert str(pingback.ip) == "203.0.113.5"
    assert pingback.body == (
        "<p>[…] Yesterday it rained. I read this fine post today. It made me think. […]</p>"
    )


def test_the_excerpt_is_the_words_around_the_link_in_its_paragraph(client, blog, post):
    source = blog.page(
        "/long/",
        "<title>Long</title><p>Another paragraph entirely.</p>"
        f"<p>{'many words before ' * 40}<a href='{our_url(post)}'>the link</a>"
        f"{' and many after' * 40}</p><script>var secret = 1;</script>",
    )

    result_of(ping(client, source, our_url(post)))

    body = Comment.objects.get().body
    assert "the link" in body
    assert "Another paragraph" not in body and "secret" not in body
    assert len(body) < 300


def test_a_link_to_the_post_without_its_trailing_slash_or_over_https_counts(client, blog, post):
    https_target = our_url(post).replace("http://", "https://").rstrip("/")
    source = blog.post_linking_to("/variant/", https_target)

    assert "registered" in result_of(ping(client, source, our_url(post)))


def test_a_target_named_with_the_host_the_request_came_to_is_ours(client, blog, post):
    target = "http://testserver" + post.get_absolute_url()
    source = blog.post_linking_to("/via-host/", target)

    assert "registered" in result_of(ping(client, source, target))


# The call is answered before the source is fetched.


def test_a_pingback_is_answered_before_its_source_is_fetched(client, blog, post, queued_tasks):
    source = blog.post_linking_to("/later/", our_url(post))

    message = result_of(ping(client, source, our_url(post)))

    assert message == (
        f"Pingback from {source} to {our_url(post)} registered; "
        "its source is checked before it is shown."
    )
    assert blog.requests == []
    assert not Comment.objects.exists()
    (queued,) = queued_tasks
    assert queued.task.module_path == verify.module_path

    outcome = verify.call(*queued.args, **queued.kwargs)

    assert outcome == {
        "registered": True,
        "pingback": Comment.objects.get().pk,
        "status": Comment.Status.PENDING,
    }
    assert blog.requests_to("/later/")[0]["method"] == "GET"


def test_a_pingback_refused_by_moderation_once_verified_leaves_nothing_saved(
    client, blog, post, queued_tasks
):
    source = blog.post_linking_to("/raced/", our_url(post))
    result_of(ping(client, source, our_url(post)))
    make_comment(post, kind=Comment.Kind.TRACKBACK, author_url=source)
    (queued,) = queued_tasks

    outcome = verify.call(*queued.args, **queued.kwargs)

    assert (outcome["registered"], outcome["fault"]) == (False, 48)
    assert not Comment.objects.filter(kind=Comment.Kind.PINGBACK).exists()


# Fault 16: the source does not exist (found by the verification).


def test_a_source_that_is_not_found_is_fault_16(client, blog, post, verifications):
    assert verifications.refusal(ping(client, blog.url("/gone/"), our_url(post)))[0] == 16
    assert not Comment.objects.exists()


def test_a_source_that_does_not_resolve_is_fault_16(client, post, verifications):
    source = "http://no-such-host.invalid/post/"

    assert verifications.refusal(ping(client, source, our_url(post)))[0] == 16
    assert not Comment.objects.exists()


def test_a_source_on_127_0_0_1_is_refused_without_the_setting(
    client, other_blog, post, verifications
):
    source = other_blog.post_linking_to("/local/", our_url(post))

    assert verifications.refusal(ping(client, source, our_url(post)))[0] == 16
    assert other_blog.requests == []
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "source",
    [
        "http://127.0.0.1/post/",
        "http://10.0.0.1/post/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/x",
    ],
)
def test_a_source_at_a_private_address_is_refused_before_connecting(
    client, post, connections, verifications, source
):
    code, message = verifications.refusal(ping(client, source, our_url(post)))

    assert code == 16 and "private" in message
    assert connections == []
    assert not Comment.objects.exists()


@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://other.example/post"])
def test_a_source_that_is_not_a_web_url_is_refused(client, post, connections, source):
    assert fault_of(ping(client, source, our_url(post)))[0] == 16
    assert connections == []


# Fault 17: the source does not link to the target (found by the verification).


def test_a_source_without_a_link_to_the_target_is_fault_17(client, blog, post, verifications):
    other_post = make_post("Another post")
    source = blog.post_linking_to("/elsewhere/", our_url(other_post))

    assert verifications.refusal(ping(client, source, our_url(post)))[0] == 17
    assert not Comment.objects.exists()


def test_a_link_only_in_the_text_or_a_script_is_no_link(client, blog, post, verifications):
    source = blog.page(
        "/text-only/",
        f"<p>See {our_url(post)}</p><script>location = '{our_url(post)}'</script>",
    )

    assert verifications.refusal(ping(client, source, our_url(post)))[0] == 17
    assert not Comment.objects.exists()


# Faults 32 and 33: the target.


def test_a_target_permalink_with_no_post_is_fault_32(client, blog, post):
    target = our_url(post).replace(post.slug, "no-such-post")
    source = blog.post_linking_to("/missing-target/", target)

    assert fault_of(ping(client, source, target))[0] == 32
    assert blog.requests == []


@pytest.mark.parametrize("status", [Post.Status.DRAFT, Post.Status.PRIVATE])
def test_an_unpublished_target_is_fault_32(client, blog, status):
    draft = make_post(status=status)

    assert fault_of(ping(client, blog.url("/x/"), our_url(draft)))[0] == 32


def test_a_scheduled_target_is_fault_32(client, blog):
    scheduled = make_post(published_at=timezone.now() + timezone.timedelta(days=2))

    assert fault_of(ping(client, blog.url("/x/"), our_url(scheduled)))[0] == 32


def test_a_target_on_another_site_is_fault_33(client, blog):
    source = blog.post_linking_to("/to-someone-else/", "https://someone-else.example/post/")

    assert fault_of(ping(client, source, "https://someone-else.example/post/"))[0] == 33
    assert blog.requests == []


def test_a_target_that_is_not_a_post_permalink_is_fault_33(client, blog):
    category = make_category("News")
    target = our_url(make_post(categories=[category])).split("/20")[0] + "/category/news/"

    assert fault_of(ping(client, blog.url("/x/"), target))[0] == 33


def test_a_target_that_is_not_a_url_is_fault_33(client, blog):
    assert fault_of(ping(client, blog.url("/x/"), "javascript:alert(1)"))[0] == 33


# Faults 48 and 49, and fault 0.


def test_a_second_pingback_from_the_same_source_is_fault_48(client, blog, post):
    source = blog.post_linking_to("/twice/", our_url(post))
    result_of(ping(client, source, our_url(post)))

    code, _ = fault_of(ping(client, source, our_url(post)))

    assert code == 48
    assert Comment.objects.count() == 1
    assert len(blog.requests_to("/twice/")) == 1, "a duplicate is refused before fetching"


def test_a_source_that_sent_a_trackback_already_is_fault_48(client, blog, post):
    source = blog.post_linking_to("/tb-first/", our_url(post))
    make_comment(post, kind=Comment.Kind.TRACKBACK, author_url=source)

    assert fault_of(ping(client, source, our_url(post)))[0] == 48


def test_a_post_with_pings_closed_is_fault_49(client, blog):
    closed = make_post(pings_open=False)
    source = blog.post_linking_to("/closed/", our_url(closed))

    assert fault_of(ping(client, source, our_url(closed)))[0] == 49
    assert blog.requests == []
    assert not Comment.objects.exists()


def test_the_source_and_the_target_being_the_same_page_is_fault_0(client, post):
    assert fault_of(ping(client, our_url(post), our_url(post)))[0] == 0


def test_pingbacks_from_one_address_in_quick_succession_are_fault_0(client, blog, post):
    first = blog.post_linking_to("/a/", our_url(post))
    second = blog.post_linking_to("/b/", our_url(post))
    result_of(ping(client, first, our_url(post), ip="203.0.113.20"))

    code, message = fault_of(ping(client, second, our_url(post), ip="203.0.113.20"))

    assert code == 0 and "too quickly" in message
    assert Comment.objects.count() == 1


# Fault 50: the source's server fails (found by the verification).


def test_a_source_that_never_answers_is_fault_50_and_quick(
    client, post, silent_server, private_addresses_allowed, short_timeout, verifications
):
    started = time.monotonic()

    code, _ = verifications.refusal(ping(client, silent_server + "/slow/", our_url(post)))

    assert code == 50
    assert time.monotonic() - started < short_timeout + 2
    assert not Comment.objects.exists()


def test_a_source_that_fails_with_a_server_error_is_fault_50(client, blog, post, verifications):
    source = blog.page("/broken/", "<p>Oops</p>", status=503)

    assert verifications.refusal(ping(client, source, our_url(post)))[0] == 50
    assert not Comment.objects.exists()


def test_a_50_mb_source_is_read_to_1_mb_only(client, blog, post):
    link = f"<title>Huge</title><p>Start: <a href='{our_url(post)}'>the post</a>.</p>".encode()
    source, done = blog.huge("/huge/", size=50 * 1024 * 1024, first=link)

    assert "registered" in result_of(ping(client, source, our_url(post)))
    assert done.wait(10)
    assert blog.streamed["/huge/"] < 20 * 1024 * 1024


def test_a_link_beyond_the_first_megabyte_is_not_seen(client, blog, post, verifications):
    padding = b"<p>" + b"x" * fetch.MAX_BYTES + b"</p>"
    source = blog.page("/late-link/", padding + f"<a href='{our_url(post)}'>late</a>".encode())

    assert verifications.refusal(ping(client, source, our_url(post)))[0] == 17
    assert not Comment.objects.exists()


# Rate limit: every call counts, failed ones too.


def test_fifty_pingbacks_from_one_address_fetch_no_more_sources_than_the_limit(
    client, blog, post, rate_limit_clock_stopped
):
    answers = [
        ping(client, blog.url(f"/missing-{n}/"), our_url(post), ip="203.0.113.50")
        for n in range(50)
    ]

    assert len(blog.requests) == incoming.PINGS_PER_MINUTE
    assert all("registered" in result_of(a) for a in answers[: incoming.PINGS_PER_MINUTE])
    for answer in answers[incoming.PINGS_PER_MINUTE :]:
        code, message = fault_of(answer)
        assert code == 0 and "Too many pingbacks" in message


def test_a_pingback_past_the_limit_is_refused_even_with_a_good_source(
    client, blog, post, rate_limit_clock_stopped
):
    for _ in range(incoming.PINGS_PER_MINUTE):
        fault_of(ping(client, our_url(post), our_url(post), ip="203.0.113.51"))
    source = blog.post_linking_to("/good/", our_url(post))

    assert fault_of(ping(client, source, our_url(post), ip="203.0.113.51"))[0] == 0
    assert blog.requests == []
    assert not Comment.objects.exists()


def test_the_pingback_limit_counts_each_address_apart(client, blog, post, rate_limit_clock_stopped):
    for _ in range(incoming.PINGS_PER_MINUTE + 1):
        ping(client, our_url(post), our_url(post), ip="203.0.113.52")
    source = blog.post_linking_to("/other-sender/", our_url(post))

    assert "registered" in result_of(ping(client, source, our_url(post), ip="203.0.113.53"))
    assert Comment.objects.count() == 1


def test_trackbacks_do_not_use_up_the_pingback_limit(client, blog, post, rate_limit_clock_stopped):
    trackback = post.get_absolute_url() + "trackback/"
    for _ in range(incoming.PINGS_PER_MINUTE + 1):
        client.post(trackback, "url=", content_type=FORM, REMOTE_ADDR="203.0.113.54")
    source = blog.post_linking_to("/both/", our_url(post))

    assert "registered" in result_of(ping(client, source, our_url(post), ip="203.0.113.54"))


# What the source says is stored as the database can keep it.


def test_nul_characters_in_the_source_page_are_left_out_of_the_pingback(client, blog, post):
    source = blog.post_linking_to(
        "/nul/", our_url(post), title="My\x00 reply", before="Rain\x00 fell."
    )

    assert "registered" in result_of(ping(client, source, our_url(post)))

    pingback = Comment.objects.get()
    assert pingback.author_name == "My reply"
    assert pingback.body == "<p>[…] Rain fell. I read this fine post today. […]</p>"


def test_a_source_page_that_decodes_to_lone_surrogates_is_stored_without_them(client, blog, post):
    source = blog.page(
        "/escaped/",
        f"<title>Odd \\ud800 title</title><p><a href='{our_url(post)}'>post</a></p>",
        content_type="text/html; charset=unicode_escape",
    )

    assert "registered" in result_of(ping(client, source, our_url(post)))

    assert Comment.objects.get().author_name.encode("utf-8")


# Bad XML-RPC.


def test_a_get_is_405(client):
    response = client.get("/xmlrpc.php")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<methodCall><methodName>pingback.ping</methodName><params>",
        b"<?xml version='1.0'?><methodCall><methodName>x</methodName><params><param>"
        b"<value><string>a</value></string></param></params></methodCall>",
        "<méthode>".encode("latin-1"),
    ],
)
def test_malformed_xml_is_a_fault_not_an_error(client, body):
    response = xmlrpc_post(client, body)

    assert fault_of(response)[0] == -32700


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE methodCall [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<methodCall><methodName>pingback.ping</methodName><params>
<param><value><string>&lol9;</string></value></param>
<param><value><string>&lol9;</string></value></param>
</params></methodCall>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE methodCall [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>pingback.ping</methodName><params>
<param><value><string>&secret;</string></value></param>
<param><value><string>x</string></value></param>
</params></methodCall>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_entity_declarations_are_refused_before_anything_expands(client, body):
    started = time.monotonic()

    code, message = fault_of(xmlrpc_post(client, body))

    assert code == -32700
    assert "lol" not in message and "root:" not in message
    assert time.monotonic() - started < 2
    assert not Comment.objects.exists()


def test_an_unknown_method_is_fault_minus_32601(client):
    assert fault_of(call(client, "wp.noSuchMethod", 1))[0] == -32601


@pytest.mark.parametrize("params", [(), ("only one",), ("a", "b", "c"), (1, 2), (["a"], {"b": 1})])
def test_wrong_parameters_are_fault_minus_32602(client, params):
    assert fault_of(call(client, "pingback.ping", *params))[0] == -32602


# Moderation.


def test_a_pingback_whose_page_carries_a_block_word_is_spam(client, blog, post):
    set_rules(block_words="viagra")
    source = blog.post_linking_to("/spam/", our_url(post), before="Cheap viagra here.")

    result_of(ping(client, source, our_url(post)))

    pingback = Comment.objects.get()
    assert pingback.status == Comment.Status.SPAM
    assert "viagra" in pingback.moderation_reason


def test_a_first_pingback_from_a_site_is_held(client, blog, post):
    set_rules(require_previous_approval=True)
    source = blog.post_linking_to("/first/", our_url(post))

    result_of(ping(client, source, our_url(post)))

    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_pingback_that_passes_the_rules_is_approved(client, blog, post):
    set_rules(require_previous_approval=False)
    source = blog.post_linking_to("/ok/", our_url(post))

    result_of(ping(client, source, our_url(post)))

    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_pingbacks_need_no_csrf_token(blog, post):
    source = blog.post_linking_to("/no-csrf/", our_url(post))

    response = ping(Client(enforce_csrf_checks=True), source, our_url(post))

    assert "registered" in result_of(response)
