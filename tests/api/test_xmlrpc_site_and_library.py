"""Reading the blog's options, the media library and the taxonomies over XML-RPC."""

import io

import pytest
from django.conf import settings
from PIL import Image

from tests.api.xmlrpc_calls import call, credentials, fault
from tests.conftest import make_category

pytestmark = pytest.mark.django_db


def upload(client, signed, name, fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 10, 10)).save(buffer, format=fmt)
    return call(client, "wp.uploadFile", 1, *signed, {"name": name, "bits": buffer.getvalue()})


def test_the_media_library_lists_uploads_newest_first_and_by_type(client, author_user):
    signed = credentials(author_user)
    first = upload(client, signed, "first.png")
    second = upload(client, signed, "second.jpg", "JPEG")

    everything = call(client, "wp.getMediaLibrary", 1, *signed)
    assert [i["attachment_id"] for i in everything] == [second["id"], first["id"]]
    pngs = call(client, "wp.getMediaLibrary", 1, *signed, {"mime_type": "image/png"})
    assert [i["attachment_id"] for i in pngs] == [first["id"]]
    assert len(call(client, "wp.getMediaLibrary", 1, *signed, {"number": 1})) == 1

    item = call(client, "wp.getMediaItem", 1, *signed, first["id"])
    assert item["metadata"]["width"] == 30 and item["metadata"]["height"] == 20
    assert item["type"] == "image/png" and item["link"] == first["link"]
    assert fault(client, "wp.getMediaItem", 1, *signed, 999999) == (404, "Invalid attachment ID.")


def test_options_say_what_the_blog_is_and_that_they_are_read_only(client, author_user):
    signed = credentials(author_user)

    every = call(client, "wp.getOptions", 1, *signed)
    some = call(client, "wp.getOptions", 1, *signed, ["blog_title", "no_such_option"])

    assert every["software_name"]["value"] == "blogsite"
    assert every["home_url"]["value"] == settings.SITE_URL.rstrip("/") + "/"
    assert all(option["readonly"] for option in every.values())
    assert some == {"blog_title": every["blog_title"]}
    assert some["blog_title"]["value"] == settings.BLOG_TITLE


def test_taxonomies_and_categories_read_as_wordpress_gives_them(client, author_user):
    signed = credentials(author_user)
    travel = make_category("Travel", description="Away")

    category = call(client, "wp.getTaxonomy", 1, *signed, "category")
    assert category["hierarchical"] is True and category["object_type"] == ["post"]
    assert fault(client, "wp.getTaxonomy", 1, *signed, "genre") == (403, "Invalid taxonomy.")
    listed = call(client, "wp.getCategories", 1, *signed)
    ours = next(c for c in listed if c["categoryName"] == "Travel")
    assert ours["categoryId"] == str(travel.pk) and ours["categoryDescription"] == "Away"
    term = call(client, "wp.getTerm", 1, *signed, "category", travel.pk)
    assert (term["term_id"], term["count"], term["description"]) == (str(travel.pk), 0, "Away")
