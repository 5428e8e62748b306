"""The library's upload screen: files recognised by their content, refused with a reason.

Uploads go through the admin's upload screen as an author sends them, one file or
many; every refusal leaves nothing behind (no item, no stored file).
"""

import io
import os
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.handlers.wsgi import WSGIRequest
from django.template.defaultfilters import filesizeformat
from django.test import RequestFactory

from library.models import MediaItem
from library.upload_handlers import RefusedUpload, upload_limit
from tests.conftest import make_user
from tests.library.helpers import (
    PDF_BYTES,
    SVG_BYTES,
    decompression_bomb_png,
    image_bytes,
    jpeg_upload,
    pdf_upload,
    png_upload,
)

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/library/mediaitem/upload/"


@pytest.fixture
def uploader(client):
    user = make_user("ada", groups=["Authors"])
    client.force_login(user)
    return user


def upload(client, *files):
    return client.post(UPLOAD_URL, {"files": list(files)})


def stored_files():
    """Every file under the library's folder in storage."""
    found = set()
    root = os.path.join(default_storage.location, "library")
    for folder, _, names in os.walk(root):
        found |= {os.path.join(folder, name) for name in names}
    return found


def assert_refused(response, *fragments):
    assert response.status_code == 400
    text = response.content.decode()
    for fragment in fragments:
        assert fragment in text
    assert not MediaItem.objects.exists()


def test_two_images_and_a_pdf_are_uploaded_at_once(client, uploader):
    response = upload(
        client,
        jpeg_upload("harbour.jpg", size=(900, 600)),
        png_upload("map.png"),
        pdf_upload("timetable.pdf"),
    )
    assert response.status_code == 302
    items = {item.title: item for item in MediaItem.objects.all()}
    assert sorted(items) == ["Harbour", "Map", "Timetable"]
    harbour = items["Harbour"]
    assert (harbour.kind, harbour.mime_type, harbour.width, harbour.height) == (
        "image",
        "image/jpeg",
        900,
        600,
    )
    assert harbour.uploaded_by == uploader
    assert harbour.title == "Harbour"
    assert [r["width"] for r in harbour.renditions] == [480, 800, 900]
    pdf = items["Timetable"]
    assert (pdf.kind, pdf.mime_type, pdf.size) == ("document", "application/pdf", len(PDF_BYTES))
    assert pdf.renditions == [] and pdf.width is None


def test_audio_and_plain_text_are_accepted_by_their_content(client, uploader):
    mp3 = SimpleUploadedFile("song.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 512)
    notes = SimpleUploadedFile("notes.txt", "Notes about the trip, 10 €.\n".encode() * 50)
    assert upload(client, mp3, notes).status_code == 302
    kinds = dict(MediaItem.objects.values_list("mime_type", "kind"))
    assert kinds == {"audio/mpeg": "audio", "text/plain": "document"}


def test_the_upload_screen_has_a_plain_multiple_file_input(client, uploader):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'type="file"' in text and "multiple" in text
    assert 'enctype="multipart/form-data"' in text


def test_a_text_file_renamed_jpg_is_refused(client, uploader):
    fake = SimpleUploadedFile("holiday.jpg", b"Just some notes, not a picture.\n" * 20)
    before = stored_files()
    assert_refused(upload(client, fake), "holiday.jpg", "not an image, or it is damaged")
    assert stored_files() == before


def test_a_decompression_bomb_is_refused_with_a_clear_message(client, uploader):
    bomb = SimpleUploadedFile("bomb.png", decompression_bomb_png(), content_type="image/png")
    assert_refused(upload(client, bomb), "more pixels than it is safe to open")


def test_an_image_over_the_size_limit_is_refused_saying_how_big(client, uploader, settings):
    settings.FEATURED_IMAGE_MAX_BYTES = 1024
    big = jpeg_upload(size=(200, 200), noise=True)
    assert_refused(upload(client, big), filesizeformat(1024), filesizeformat(big.size))


def test_a_document_over_its_own_limit_is_refused(client, uploader, settings):
    settings.LIBRARY_FILE_MAX_BYTES = 100
    assert_refused(upload(client, pdf_upload()), "the largest accepted is 100")


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png"])
def test_svg_is_refused_as_a_script_carrier(client, uploader, name):
    svg = SimpleUploadedFile(name, SVG_BYTES, content_type="image/svg+xml")
    assert_refused(upload(client, svg), "SVG images are not accepted")


def test_an_unknown_kind_of_file_is_refused_naming_what_is_accepted(client, uploader):
    archive = SimpleUploadedFile("site.zip", b"PK\x03\x04" + b"\x00" * 200)
    assert_refused(upload(client, archive), "not accepted", "PDF", "MP3", "WebM", "PNG")


def test_one_bad_file_among_good_ones_stores_none_of_them(client, uploader):
    fake = SimpleUploadedFile("fake.jpg", b"not a picture" * 10)
    before = stored_files()
    response = upload(client, jpeg_upload("good.jpg"), fake)
    assert_refused(response, "fake.jpg")
    assert stored_files() == before


def raw_multipart(filename, content, boundary="xYzZY"):
    """A multipart body as a browser sends it, with the file name exactly as given (the
    test client would tidy it)."""
    return (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"'
            f"\r\nContent-Type: image/png\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize("name", ["../../x.png", "..\\..\\x.png", "/etc/x.png"])
def test_a_path_in_the_file_name_is_dropped(client, uploader, name):
    body, content_type = raw_multipart(name, image_bytes(fmt="PNG"))
    response = client.generic("POST", UPLOAD_URL, body, content_type=content_type)
    assert response.status_code == 302
    (item,) = MediaItem.objects.all()
    # Storage adds a suffix when the name is taken (by an earlier test's upload).
    assert re.fullmatch(r"library/\d{4}/\d{2}/x(_\w+)?\.png", item.file.name)
    assert os.path.realpath(item.file.path).startswith(os.path.realpath(default_storage.location))


def test_the_stored_name_gets_the_extension_of_the_content(client, uploader):
    png_named_jpg = SimpleUploadedFile("Holiday Photo!.JPG", image_bytes(fmt="PNG"))
    upload(client, png_named_jpg)
    (item,) = MediaItem.objects.all()
    assert re.fullmatch(r"holiday-photo(_\w+)?\.png", item.filename)
    assert item.mime_type == "image/png"


def test_a_user_without_the_upload_permission_gets_403(client):
    client.force_login(make_user("viewer", staff=True))
    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, jpeg_upload()).status_code == 403
    assert not MediaItem.objects.exists()


def test_a_file_larger_than_any_limit_is_refused_through_the_form(client, uploader, settings):
    settings.FEATURED_IMAGE_MAX_BYTES = settings.LIBRARY_FILE_MAX_BYTES = 10_000
    huge = SimpleUploadedFile("huge.pdf", PDF_BYTES + b"0" * 200_000)
    assert_refused(upload(client, huge), "larger than 9.8", "the largest accepted")


class LazyBody(io.RawIOBase):
    """A request body made as it is read: a multipart upload of `size` bytes of one file,
    so a 200 MB upload costs no memory in the test."""

    def __init__(self, size, boundary=b"xYzZY"):
        self.head = (
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; '
            b'filename="huge.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
        )
        self.tail = b"\r\n--" + boundary + b"--\r\n"
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.length - self.position)
        if count <= 0:
            return 0
        buffer[:count] = self._bytes(self.position, self.position + count)
        self.position += count
        return count

    def _bytes(self, start, end):
        head_end = len(self.head)
        body_end = head_end + self.size
        parts = []
        if start < head_end:
            parts.append(self.head[start : min(end, head_end)])
        if end > head_end and start < body_end:
            parts.append(b"\x00" * (min(end, body_end) - max(start, head_end)))
        if end > body_end:
            parts.append(self.tail[max(start, body_end) - body_end : end - body_end])
        return b"".join(parts)


def test_a_200_megabyte_upload_is_cut_off_before_it_is_read_whole():
    size = 200 * 1024 * 1024
    body = LazyBody(size)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=xYzZY",
        CONTENT_LENGTH=str(body.length),
    )
    environ["wsgi.input"] = io.BufferedReader(body, buffer_size=64 * 1024)
    request = WSGIRequest(environ)

    (refused,) = request.FILES.getlist("files")

    assert isinstance(refused, RefusedUpload)
    assert refused.read() == b""
    # The handler that writes uploads to disk was handed no more than the limit.
    (to_disk,) = [h for h in request.upload_handlers if isinstance(h, TemporaryFileUploadHandler)]
    assert to_disk.file.tell() <= upload_limit()
    assert body.position == body.length  # the rest was read off and dropped
