"""Discovery: /xmlrpc.php?rsd lists the APIs, and every page's head points at it."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from tests.api.xmlrpc_calls import call, credentials
from tests.conftest import make_post

pytestmark = pytest.mark.django_db

RSD = "{http://archipelago.phrasewise.com/rsd}"
SITE = settings.SITE_URL.rstrip("/")
EDIT_URI = (
    f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{SITE}/xmlrpc.php?rsd">'
)


def test_the_rsd_document_lists_the_apis_with_wordpress_preferred(client):
    response = client.get("/xmlrpc.php?rsd")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    service = ET.fromstring(response.content).find(f"{RSD}service")
    assert service.findtext(f"{RSD}engineName") == "blogsite"
    assert service.findtext(f"{RSD}homePageLink") == f"{SITE}/"
    apis = {api.get("name"): api.attrib for api in service.iter(f"{RSD}api")}
    assert list(apis) == ["WordPress", "Movable Type", "MetaWeblog", "Blogger", "WP-API"]
    assert [name for name, api in apis.items() if api["preferred"] == "true"] == ["WordPress"]
    for name in ("WordPress", "Movable Type", "MetaWeblog", "Blogger"):
        assert apis[name]["apiLink"] == f"{SITE}/xmlrpc.php" and apis[name]["blogID"] == "1"
    assert apis["WP-API"]["apiLink"] == f"{SITE}/wp-json/"


def test_a_get_without_rsd_is_still_405(client):
    response = client.get("/xmlrpc.php")

    assert response.status_code == 405 and response["Allow"] == "POST"


@pytest.mark.parametrize("page", ["home", "post", "category", "search"])
def test_every_public_page_points_at_the_rsd_document(client, page):
    post = make_post("Findable")
    address = {
        "home": "/",
        "post": post.get_absolute_url(),
        "category": post.categories.get().get_absolute_url(),
        "search": "/search/?q=findable",
    }[page]

    response = client.get(address)

    assert response.status_code == 200
    assert EDIT_URI in response.content.decode()


def test_a_page_served_from_the_page_cache_keeps_the_link(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    make_post("Cached")

    first, second = client.get("/"), client.get("/")

    assert EDIT_URI in first.content.decode() and EDIT_URI in second.content.decode()
    assert "Cached" in second.content.decode()


def test_a_post_published_over_xmlrpc_appears_on_the_cached_home_page(client, author_user):
    make_post("Older")
    assert "Fresh over XML-RPC" not in client.get("/").content.decode()  # now cached

    call(
        client,
        "wp.newPost",
        1,
        *credentials(author_user),
        {"post_title": "Fresh over XML-RPC", "post_status": "publish"},
    )

    assert "Fresh over XML-RPC" in client.get("/").content.decode()
