"""The editor's way into the library: TinyMCE's image uploads and its image list."""

import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from library.models import MediaItem
from tests.conftest import make_user
from tests.library.helpers import decompression_bomb_png, jpeg_upload, make_item, pdf_upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/library/mediaitem/editor-upload/"
IMAGE_LIST_URL = "/admin/library/mediaitem/image-list.json"


@pytest.fixture
def ada():
    return make_user("ada", groups=["Authors"])


def signed_in_with_csrf(user):
    """A browser that checks CSRF as a real one is checked, with an admin page's token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get("/admin/")
    return browser, browser.cookies["csrftoken"].value


def test_an_uploaded_image_goes_to_the_library_and_its_url_comes_back(ada):
    browser, token = signed_in_with_csrf(ada)
    response = browser.post(
        UPLOAD_URL, {"file": jpeg_upload("pasted.jpg", size=(900, 600))}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    (item,) = MediaItem.objects.all()
    assert response.json()["location"] == item.url
    assert (item.uploaded_by, item.width, item.height) == (ada, 900, 600)


def test_an_upload_without_the_csrf_token_is_refused_in_json(ada):
    browser, _ = signed_in_with_csrf(ada)
    response = browser.post(UPLOAD_URL, {"file": jpeg_upload()})
    assert response.status_code == 403
    assert "security token" in response.json()["error"]["message"]
    assert not MediaItem.objects.exists()


def test_an_upload_without_the_permission_is_refused_in_json():
    browser, token = signed_in_with_csrf(make_user("viewer", staff=True))
    response = browser.post(UPLOAD_URL, {"file": jpeg_upload()}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "You may not upload files to the library."
    assert not MediaItem.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.jpg", b"Not a picture at all.\n" * 9), "not an image"),
        (SimpleUploadedFile("bomb.png", decompression_bomb_png()), "more pixels than it is safe"),
        (pdf_upload(), "Choose an image file here."),
    ],
    ids=["text-named-jpg", "bomb", "not-an-image"],
)
def test_a_refused_upload_answers_400_with_the_reason(ada, upload, message):
    browser, token = signed_in_with_csrf(ada)
    response = browser.post(UPLOAD_URL, {"file": upload}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert not MediaItem.objects.exists()


def test_an_upload_with_no_file_answers_400(ada):
    browser, token = signed_in_with_csrf(ada)
    response = browser.post(UPLOAD_URL, {}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_the_upload_address_takes_only_post(client, ada):
    client.force_login(ada)
    assert client.get(UPLOAD_URL).status_code == 405


def test_the_image_list_offers_library_images_with_their_alt_text(client, ada):
    other = make_user("bob", groups=["Authors"])
    photo = make_item(other, title="Harbour", alt="Boats in a harbour at dawn")
    untitled = make_item(ada, title="Sketch")
    make_item(ada, upload=pdf_upload())
    client.force_login(ada)
    response = client.get(IMAGE_LIST_URL)
    assert response.status_code == 200
    assert sorted(response.json(), key=lambda entry: entry["title"]) == [
        {"title": "Boats in a harbour at dawn", "value": photo.url},
        {"title": "Sketch", "value": untitled.url},
    ]


def test_the_image_list_is_for_signed_in_staff_only(client):
    response = client.get(IMAGE_LIST_URL)
    assert response.status_code == 302  # to the sign-in page
    assert "login" in response["Location"]


def test_the_editor_is_set_up_to_upload_to_and_list_from_the_library(client, ada):
    client.force_login(ada)
    response = client.get("/admin/posts/post/add/")
    text = response.content.decode()
    start = text.index('data-mce-conf="') + len('data-mce-conf="')
    options = json.loads(unescape(text[start : text.index('"', start)]))
    assert options["images_upload_url"] == UPLOAD_URL
    assert options["images_upload_handler"] == "libraryUploadImage"
    assert options["image_list"] == IMAGE_LIST_URL
    assert "/static/library/editor.js" in text
    # Only the editor's page relaxes the CSP for TinyMCE's inline styles and pasted images.
    assert "blob:" in response["Content-Security-Policy"]
    assert "blob:" not in client.get("/admin/library/mediaitem/").get("Content-Security-Policy", "")
