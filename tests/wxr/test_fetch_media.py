"""`import_wxr --fetch-media`: an old blog's images and attachments come into the media
library through the safe client, and the posts point at the copies; without it the
report says how many images stay remote. The old host is a local server."""

import pytest

from library.models import MediaItem
from posts.models import Post
from tests.library.helpers import PDF_BYTES, image_bytes

from .helpers import item, run_import, write, wxr
from .platform_helpers import OldSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_host(settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = True  # the old host is on 127.0.0.1
    server = OldSite(
        {
            "/uploads/harbour.jpg": (image_bytes((900, 600)), "image/jpeg"),
            "/uploads/cover.jpg": (image_bytes((640, 480)), "image/jpeg"),
            "/uploads/leaflet.pdf": (PDF_BYTES, "application/pdf"),
            "/uploads/fake.png": (b"<html>not an image</html>", "image/png"),
        }
    ).start()
    yield server
    server.stop()


def attachment(wp_id, url):
    return f"""<item><title>file {wp_id}</title><wp:post_id>{wp_id}</wp:post_id>
<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>{url}</wp:attachment_url></item>"""


def export(host):
    base = f"{host.url}/uploads"
    body = (
        f'<p><img src="{base}/harbour.jpg" alt="The harbour" '
        f'srcset="{base}/harbour-300x200.jpg 300w"></p>'
        f'<p><img src="{base}/fake.png" alt="Broken"></p>'
        f'<p><img src="{base}/gone.jpg" alt="Gone"></p>'
        f'<p><a href="{base}/leaflet.pdf">The leaflet</a></p>'
    )
    thumbnail = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>9</wp:meta_value></wp:postmeta>"
    )
    return wxr(
        item(1, "Coast", content=body, extra=thumbnail),
        attachment(9, f"{base}/cover.jpg"),
        attachment(10, f"{base}/leaflet.pdf"),
    )


def test_without_fetch_media_the_report_counts_the_images_that_stay_remote(tmp_path, old_host):
    output = run_import(write(tmp_path, export(old_host)))
    assert "3 remote images in post bodies stay on their old host" in output
    assert "--fetch-media" in output
    assert old_host.requests == []
    assert not MediaItem.objects.exists()


def test_fetch_media_copies_images_and_attachments_and_points_the_post_at_them(tmp_path, old_host):
    output = run_import(write(tmp_path, export(old_host)), "--fetch-media")

    post = Post.objects.get()
    items = {item.title: item for item in MediaItem.objects.all()}
    assert sorted(items) == ["Cover", "Harbour", "Leaflet"]
    harbour = items["Harbour"]
    assert (harbour.width, harbour.height, harbour.uploaded_by) == (900, 600, post.author)
    assert f'src="{harbour.url}"' in post.body
    assert "harbour-300x200" not in post.body  # the old host's srcset went with it
    assert f'srcset="{harbour.srcset}"' in post.body_html
    assert f'href="{items["Leaflet"].url}"' in post.body
    assert post.featured_image == items["Cover"]
    # What could not be had stays as it was, and the report says why.
    assert f"{old_host.url}/uploads/fake.png" in post.body
    assert f"{old_host.url}/uploads/gone.jpg" in post.body
    assert "3 media files fetched" in output
    assert "HTTP 404" in output and "does not accept" in output


def test_remote_media_larger_than_the_library_takes_stays_remote(tmp_path, old_host, settings):
    settings.FEATURED_IMAGE_MAX_BYTES = settings.LIBRARY_FILE_MAX_BYTES = 100
    output = run_import(write(tmp_path, export(old_host)), "--fetch-media")
    assert "larger than the library accepts" in output
    assert not MediaItem.objects.exists()


def test_private_addresses_are_not_fetched_unless_allowed(tmp_path, old_host, settings):
    settings.PINGS_ALLOW_PRIVATE_ADDRESSES = False
    output = run_import(write(tmp_path, export(old_host)), "--fetch-media")
    assert old_host.requests == []
    assert "could not be fetched" in output
    assert not MediaItem.objects.exists()


def test_a_dry_run_fetches_nothing(tmp_path, old_host):
    output = run_import(write(tmp_path, export(old_host)), "--fetch-media", "--dry-run")
    assert old_host.requests == []
    assert not MediaItem.objects.exists()
    assert "media files fetched" in output
