"""Bad input to the authoring methods: a fault in WordPress's shape (or 413 for a request
too large to read), and the database and the media library as they were."""

import io
import time
import xmlrpc.client
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from library.models import MediaItem
from posts.models import Category, Post, Tag
from tests.api.xmlrpc_calls import call, credentials, fault, fault_of, post_xml
from tests.conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(author_user):
    return credentials(author_user)


def database():
    return (
        list(Post.objects.order_by("pk").values("pk", "title", "body", "status")),
        Tag.objects.count(),
        Category.objects.count(),
        MediaItem.objects.count(),
    )


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_body_with_a_script_is_stored_sanitized(client, signed):
    body = '<p onclick="steal()">Hi</p><script>alert(1)</script><img src=x onerror=alert(2)>'

    post_id = call(client, "wp.newPost", 1, *signed, {"post_title": "T", "post_content": body})

    stored = Post.objects.get(pk=post_id)
    assert "<script" not in stored.body and "onclick" not in stored.body
    assert "onerror" not in stored.body and "Hi" in stored.body
    fetched = call(client, "metaWeblog.getPost", post_id, *signed)
    assert "<script" not in fetched["description"]


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, signed):
    """A 50 MB upload: answered 413 at once, its body never read, nothing stored."""

    class Endless(io.RawIOBase):
        """A request body that counts what the server reads of it."""

        read_bytes = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            Endless.read_bytes += len(buffer)
            buffer[:] = b"A" * len(buffer)
            return len(buffer)

    before, files = database(), media_files()
    fifty_mb = 50 * 1024 * 1024

    response = client.generic(
        "POST",
        "/xmlrpc.php",
        content_type="text/xml",
        CONTENT_LENGTH=str(fifty_mb),
        **{"wsgi.input": Endless()},
    )

    assert response.status_code == 413
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert caught.value.faultCode == 413 and "MB" in caught.value.faultString
    assert Endless.read_bytes == 0
    assert database() == before and media_files() == files


def test_a_body_longer_than_it_declared_is_cut_off_at_the_limit(client, signed, settings):
    settings.XMLRPC_MAX_REQUEST_BYTES = 200_000
    upload = {"name": "big.png", "type": "image/png", "bits": b"\0" * 300_000}
    body = xmlrpc.client.dumps((1, *signed, upload), "wp.uploadFile").encode()

    response = post_xml(client, body)

    assert response.status_code == 413
    assert MediaItem.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "bits", "reason"),
    [
        ("notes.png", b"this is not a picture at all", "not an image"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "SVG"),
        ("tool.exe", b"MZ\x90\x00" + b"\0" * 200, "not accepted"),
    ],
    ids=["fake image", "svg", "program"],
)
def test_a_file_the_library_refuses_is_a_clear_fault_and_nothing_is_kept(
    client, signed, name, bits, reason
):
    files = media_files()

    code, message = fault(client, "wp.uploadFile", 1, *signed, {"name": name, "bits": bits})

    assert code == 500 and message.startswith(f"Could not write file {name} (")
    assert reason in message
    assert MediaItem.objects.count() == 0 and media_files() == files


def test_a_real_image_through_metaweblog_is_kept(client, signed):
    answer = call(
        client, "metaWeblog.newMediaObject", 1, *signed, {"name": "b.png", "bits": png_bytes()}
    )

    item = MediaItem.objects.get(pk=answer["attachment_id"])
    assert answer["url"].endswith(item.url) and item.mime_type == "image/png"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<methodCall><methodName>wp.getPosts</methodName><params>",
        b"<?xml version='1.0'?><methodCall><methodName>wp.newPost</methodName><params><param>"
        b"<value><string>a</value></string></param></params></methodCall>",
    ],
)
def test_malformed_xml_is_fault_minus_32700(client, body):
    assert fault_of(post_xml(client, body))[0] == -32700
    assert not Post.objects.exists()


def test_an_entity_bomb_is_refused_before_it_expands(client, signed):
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE methodCall [{lol}]><methodCall>'
        "<methodName>wp.newPost</methodName><params>"
        f"<param><value><int>1</int></value></param>"
        f"<param><value><string>{signed[0]}</string></value></param>"
        f"<param><value><string>{signed[1]}</string></value></param>"
        "<param><value><struct><member><name>post_title</name>"
        "<value><string>&lol9;</string></value></member></struct></value></param>"
        "</params></methodCall>"
    ).encode()
    started = time.monotonic()

    code, message = fault_of(post_xml(client, body))

    assert code == -32700 and "lol" not in message
    assert time.monotonic() - started < 2
    assert not Post.objects.exists()


def test_an_unknown_method_is_fault_minus_32601(client, signed):
    assert fault(client, "wp.launchRocket", 1, *signed)[0] == -32601


@pytest.mark.parametrize(
    ("method", "params", "code"),
    [
        ("wp.newPost", (1, "{u}", "{p}"), 400),
        ("wp.newPost", (1, "{u}", "{p}", "not a struct"), -32602),
        ("wp.newPost", (1, "{u}", "{p}", {"post_title": ["a", "list"]}), 500),
        ("wp.newPost", (1, "{u}", "{p}", {"post_title": "x", "post_date": "yesterday"}), -32602),
        ("wp.newPost", (1, "{u}", "{p}", {"post_title": "x", "terms": {"category": [999]}}), 403),
        ("wp.newPost", (1, "{u}", "{p}", {"post_title": "x", "terms": {"genre": [1]}}), 401),
        ("wp.newPost", (1, "{u}", "{p}", {"post_title": "x", "post_type": "book"}), 403),
        ("wp.newPost", (1, "{u}", "{p}", {"post_title": "x", "post_thumbnail": 999}), 404),
        ("wp.editPost", (1, "{u}", "{p}", 999999, {"post_title": "x"}), 404),
        ("wp.getPosts", (1, "{u}", "{p}", ["not", "a", "struct"]), -32602),
        ("wp.getTerms", (1, "{u}", "{p}", "genre"), 403),
        ("wp.uploadFile", (1, "{u}", "{p}", {"name": "a.png", "bits": "not base64"}), 500),
    ],
    ids=[
        "too few",
        "struct is a string",
        "title is a list",
        "date is words",
        "no such term",
        "no such taxonomy",
        "no such post type",
        "no such image",
        "no such post",
        "filter is a list",
        "terms of no taxonomy",
        "bits are text",
    ],
)
def test_wrong_parameters_are_faults_and_change_nothing(client, signed, method, params, code):
    make_post("Already here")
    before, files = database(), media_files()
    username, password = signed
    params = [
        {"{u}": username, "{p}": password}.get(p, p) if isinstance(p, str) else p for p in params
    ]

    assert fault(client, method, *params)[0] == code
    assert database() == before and media_files() == files


def test_a_fault_after_terms_were_made_leaves_no_term_behind(client, signed):
    content = {
        "post_title": "x",
        "terms_names": {"post_tag": ["fresh"]},
        "post_thumbnail": 999,
    }

    assert fault(client, "wp.newPost", 1, *signed, content)[0] == 404
    assert not Tag.objects.filter(name="fresh").exists()


def test_multicall_answers_each_call_and_faults_in_place(client, signed):
    results = call(
        client,
        "system.multicall",
        [
            {"methodName": "wp.getProfile", "params": [1, *signed]},
            {"methodName": "wp.getPost", "params": [1, *signed, 999999]},
            {"methodName": "system.multicall", "params": [[]]},
            {"methodName": "demo.sayHello", "params": []},
        ],
    )

    assert results[0][0]["username"] == "alice"
    assert results[1] == {"faultCode": 404, "faultString": "Invalid post ID."}
    assert results[2]["faultCode"] == -32600
    assert results[3] == ["Hello!"]


def test_list_methods_names_pingback_and_authoring_together(client):
    methods = set(call(client, "system.listMethods"))

    assert {"pingback.ping", "wp.newPost", "metaWeblog.newPost", "system.multicall"} <= methods
