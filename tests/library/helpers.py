"""Files drawn in memory, the post form's data and a library item factory."""

import io
import struct
import zlib
from html.parser import HTMLParser
from urllib.parse import unquote

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from library.models import MediaItem
from posts.models import Post

EXIF_ORIENTATION = 0x0112
RED, BLUE = (220, 20, 20), (20, 20, 220)
# The smallest PDF readers open: a header, one empty page, the trailer.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def image_bytes(size=(64, 48), fmt="JPEG", *, exif=None, noise=False):
    """An image whose left half is red and right half blue, so rotations can be seen."""
    width, height = size
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    if noise:
        image = Image.effect_noise(size, 100).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def png_upload(name="picture.png", **kwargs):
    return SimpleUploadedFile(name, image_bytes(fmt="PNG", **kwargs), content_type="image/png")


def pdf_upload(name="leaflet.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def decompression_bomb_png(width=100_000, height=100_000):
    """A tiny PNG whose header claims `width`×`height` pixels (CRC fixed so it parses)."""
    png = bytearray(image_bytes((1, 1), "PNG"))
    assert png[12:16] == b"IHDR"
    png[16:24] = struct.pack(">II", width, height)
    png[29:33] = struct.pack(">I", zlib.crc32(bytes(png[12:29])))
    return bytes(png)


def oriented_exif(orientation):
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    return exif


def make_item(uploaded_by=None, upload=None, **fields):
    """A library item uploaded as the admin would store it (an image unless told)."""
    return MediaItem.objects.upload(
        upload or jpeg_upload(size=(400, 300)), uploaded_by=uploaded_by, **fields
    )


def add_post_form_data(author, **overrides):
    published = timezone.localtime(timezone.now() - timezone.timedelta(hours=1))
    data = {
        "title": "A post with a picture",
        "slug": "",
        "body": "<p>Words.</p>",
        "excerpt": "",
        "status": Post.Status.PUBLISHED,
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "author": author.pk,
        "password": "",
        "primary_category": "",
        "featured_image": "",
        "featured_image_alt": "A red and blue picture",
        "comments_open": "on",
        "pings_open": "on",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def stored_image(field_file):
    field_file.open("rb")
    try:
        with Image.open(field_file) as image:
            image.load()
            return image.copy(), dict(image.info), image.getexif()
    finally:
        field_file.close()


def path_of(url):
    return unquote(url.removeprefix(default_storage.base_url))


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images_in(html):
    parser = _Images()
    parser.feed(html)
    return parser.images
