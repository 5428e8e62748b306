"""`/wp-json/wp/v2/media`: the library as WordPress's attachments; uploads through the
library's one check, as a raw body or a multipart `file`, refused whole when bad."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import MediaItem
from library.upload_handlers import upload_limit
from tests.conftest import make_user
from tests.library.helpers import PDF_BYTES, SVG_BYTES, image_bytes, make_item, pdf_upload
from tests.library.test_uploads import stored_files

from .conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/wp-json/wp/v2/media"


def raw_upload(api, body, *, filename="harbour.jpg", content_type="image/jpeg", **extra):
    headers = {"HTTP_CONTENT_DISPOSITION": f'attachment; filename="{filename}"'} if filename else {}
    return api.generic("POST", URL, body, content_type=content_type, **headers, **extra)


def test_an_item_reads_in_wordpress_shape(api):
    item = make_item(title="Harbour", alt="Boats at dawn", caption="Early <b>light</b>")

    response = api.get(f"{URL}/{item.pk}")

    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "attachment" and data["media_type"] == "image"
    assert data["mime_type"] == "image/jpeg" and data["alt_text"] == "Boats at dawn"
    assert data["title"] == {"rendered": "Harbour"}
    assert data["caption"] == {"rendered": "<p>Early &lt;b&gt;light&lt;/b&gt;</p>\n"}
    assert data["source_url"].endswith(item.url) and data["post"] is None
    details = data["media_details"]
    assert (details["width"], details["height"], details["filesize"]) == (400, 300, item.size)
    assert details["file"] == item.file.name
    assert details["sizes"]["full"]["width"] == 400
    assert details["sizes"]["full"]["source_url"] == data["source_url"]


def test_the_list_filters_by_media_type_mime_type_author_and_search(api):
    ada = make_user("ada", groups=["Authors"])
    make_item(uploaded_by=ada, title="Harbour")
    make_item(upload=pdf_upload("timetable.pdf"), title="Timetable")

    def listed(query):
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 200
        return [item["title"]["rendered"] for item in response.json()]

    assert sorted(listed("")) == ["Harbour", "Timetable"]
    assert listed("media_type=image") == ["Harbour"]
    assert listed("media_type=application") == ["Timetable"]
    assert listed("mime_type=application/pdf") == ["Timetable"]
    assert listed(f"author={ada.pk}") == ["Harbour"]
    assert listed("search=timet") == ["Timetable"]
    assert api.get(f"{URL}?media_type=pictures").status_code == 400
    assert api.get(URL)["X-WP-Total"] == "2"


def test_a_raw_body_upload_is_stored_as_the_library_stores_it(author_user):
    api = client_for(author_user)

    response = raw_upload(
        api, image_bytes((900, 600)), filename="Harbour View.jpg", QUERY_STRING="alt_text=Boats"
    )

    assert response.status_code == 201, response.json()
    item = MediaItem.objects.get(pk=response.json()["id"])
    assert item.uploaded_by == author_user and item.kind == "image"
    assert item.filename.startswith("harbour-view") and item.alt == "Boats"
    assert [r["width"] for r in item.renditions] == [480, 800, 900]
    sizes = response.json()["media_details"]["sizes"]
    assert set(sizes) == {"medium", "medium_large", "full"}
    assert response["Location"].endswith(f"{URL}/{item.pk}")


def test_a_multipart_file_upload_takes_its_fields(author_user):
    api = client_for(author_user)
    upload = SimpleUploadedFile("leaflet.pdf", PDF_BYTES, content_type="application/pdf")

    response = api.post(URL, {"file": upload, "title": "Leaflet", "caption": "<i>New</i>"})

    assert response.status_code == 201, response.json()
    item = MediaItem.objects.get()
    assert (item.title, item.caption, item.mime_type) == ("Leaflet", "New", "application/pdf")
    assert response.json()["media_type"] == "file"


@pytest.mark.parametrize(
    "body, filename, content_type, code",
    [
        (b"", "x.jpg", "image/jpeg", "rest_upload_no_data"),
        (image_bytes(), None, "image/jpeg", "rest_upload_no_content_disposition"),
        (b"Just some notes.\n" * 20, "holiday.jpg", "image/jpeg", "rest_upload_sideload_error"),
        (SVG_BYTES, "drawing.svg", "image/svg+xml", "rest_upload_sideload_error"),
        (
            b"PK\x03\x04" + b"\x00" * 200,
            "site.zip",
            "application/zip",
            "rest_upload_sideload_error",
        ),
    ],
)
def test_a_bad_raw_upload_is_refused_and_nothing_is_stored(
    author_user, body, filename, content_type, code
):
    before = stored_files()

    response = raw_upload(
        client_for(author_user), body, filename=filename, content_type=content_type
    )

    assert 400 <= response.status_code < 500 and response.json()["code"] == code
    assert not MediaItem.objects.exists() and stored_files() == before


def test_a_post_without_a_file_is_no_data(author_user):
    response = client_for(author_user).post(URL, {"title": "Nothing"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "rest_upload_no_data"


def test_an_image_over_the_limit_is_too_big_saying_how_big(author_user, settings):
    settings.FEATURED_IMAGE_MAX_BYTES = 1024
    response = raw_upload(client_for(author_user), image_bytes((200, 200), noise=True))
    assert response.status_code == 413 and response.json()["code"] == "rest_upload_file_too_big"
    assert "the largest accepted is 1.0" in response.json()["message"]
    assert not MediaItem.objects.exists()


class LazyBody(io.RawIOBase):
    """A raw upload of `size` bytes made as it is read, so a test sends 50 MB without
    holding them; it counts what the server read of it."""

    def __init__(self, size):
        self.size, self.position = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.position)
        buffer[:count] = b"\x00" * count
        self.position += count
        return count


def test_a_50_megabyte_upload_is_refused_before_its_body_is_read(author_user):
    size = 50 * 1024 * 1024 + 1
    assert size > upload_limit()
    body = LazyBody(size)
    api = client_for(author_user)
    before = stored_files()

    response = api.generic(
        "POST",
        URL,
        b"",
        content_type="video/mp4",
        HTTP_CONTENT_DISPOSITION='attachment; filename="huge.mp4"',
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": io.BufferedReader(body)},
    )

    assert response.status_code == 413 and response.json()["code"] == "rest_upload_file_too_big"
    assert body.position == 0
    assert not MediaItem.objects.exists() and stored_files() == before


def test_a_document_over_its_own_limit_is_refused_by_the_librarys_check(author_user, settings):
    settings.LIBRARY_FILE_MAX_BYTES = 10_000
    response = raw_upload(
        client_for(author_user),
        PDF_BYTES + b"0" * 50_000,
        filename="big.pdf",
        content_type="application/pdf",
    )
    assert response.status_code == 413 and response.json()["code"] == "rest_upload_file_too_big"
    assert "the largest accepted is 9.8" in response.json()["message"]
    assert not MediaItem.objects.exists()


def test_a_multipart_file_past_every_limit_is_cut_off_as_it_arrives(author_user, settings):
    settings.LIBRARY_FILE_MAX_BYTES = settings.FEATURED_IMAGE_MAX_BYTES = 10_000
    before = stored_files()
    huge = SimpleUploadedFile("huge.pdf", PDF_BYTES + b"0" * 200_000)

    response = client_for(author_user).post(URL, {"file": huge})

    assert response.status_code == 413 and response.json()["code"] == "rest_upload_file_too_big"
    assert not MediaItem.objects.exists() and stored_files() == before


def test_who_may_not_upload_gets_rest_cannot_create(api):
    assert raw_upload(api, image_bytes()).json()["code"] == "rest_cannot_create"
    assert raw_upload(api, image_bytes()).status_code == 401
    contributor = make_user("connie", groups=["Contributors"])
    refused = raw_upload(client_for(contributor), image_bytes())
    assert refused.status_code == 403 and refused.json()["code"] == "rest_cannot_create"
    assert not MediaItem.objects.exists()


def test_an_author_edits_their_own_item_not_anothers(author_user):
    mine = make_item(uploaded_by=author_user, title="Mine")
    theirs = make_item(uploaded_by=make_user(groups=["Authors"]), title="Theirs")
    api = client_for(author_user)

    edited = api.post(
        f"{URL}/{mine.pk}",
        {"title": "Harbour", "alt_text": "Boats", "caption": {"raw": "At <script>x</script>dawn"}},
        format="json",
    )
    refused = api.post(f"{URL}/{theirs.pk}", {"title": "Mine now"}, format="json")

    assert edited.status_code == 200 and edited.json()["alt_text"] == "Boats"
    mine.refresh_from_db()
    assert (mine.title, mine.alt) == ("Harbour", "Boats") and "<script" not in mine.caption
    assert refused.status_code == 403 and refused.json()["code"] == "rest_cannot_edit"
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_an_editor_edits_anyones_item(editor_user):
    item = make_item(uploaded_by=make_user(groups=["Authors"]))
    response = client_for(editor_user).patch(f"{URL}/{item.pk}", {"alt_text": "A"}, format="json")
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.alt == "A"


def test_deleting_needs_force_and_removes_the_files(
    author_user, django_capture_on_commit_callbacks
):
    item = make_item(uploaded_by=author_user, upload=None)
    path = item.file.path
    api = client_for(author_user)

    trash = api.delete(f"{URL}/{item.pk}")
    assert trash.status_code == 501 and trash.json()["code"] == "rest_trash_not_supported"
    assert MediaItem.objects.filter(pk=item.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        deleted = api.delete(f"{URL}/{item.pk}?force=true")

    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    assert deleted.json()["previous"]["id"] == item.pk
    assert not MediaItem.objects.filter(pk=item.pk).exists() and not os.path.exists(path)


def test_an_author_may_not_delete_anothers_item(author_user):
    theirs = make_item(uploaded_by=make_user(groups=["Authors"]))
    response = client_for(author_user).delete(f"{URL}/{theirs.pk}?force=true")
    assert response.status_code == 403 and response.json()["code"] == "rest_cannot_delete"
    assert MediaItem.objects.filter(pk=theirs.pk).exists()


def test_an_unknown_item_is_invalid_id(api):
    response = api.get(f"{URL}/999999")
    assert response.status_code == 404 and response.json()["code"] == "rest_post_invalid_id"
