"""Images: only real, reasonably sized images are stored, upright and without metadata.

The one image path of the library, seen through the featured image of the post
form (uploaded there into the library) and through the validator on its own; the
images are drawn in memory with Pillow.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image

from library.images import validate_image
from library.models import MediaItem
from posts.models import Post
from tests.library.helpers import (
    BLUE,
    EXIF_ORIENTATION,
    RED,
    add_post_form_data,
    decompression_bomb_png,
    images_in,
    jpeg_upload,
    oriented_exif,
    path_of,
    stored_image,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/posts/post/add/"


def upload_through_admin(client, user, upload):
    return client.post(ADD_URL, add_post_form_data(user, featured_image_upload=upload))


def featured_image_errors(response):
    return response.context["adminform"].form.errors.get("featured_image_upload", [])


@pytest.fixture
def superuser(admin_user):
    return admin_user


# The validator on its own


def test_validator_accepts_a_real_jpeg():
    validate_image(jpeg_upload())


def test_validator_refuses_a_text_file_named_jpg():
    upload = SimpleUploadedFile("notes.jpg", b"Just some notes, not a picture.\n" * 20)
    with pytest.raises(ValidationError) as refused:
        validate_image(upload)
    assert refused.value.code == "image_invalid"


def test_validator_refuses_a_file_over_the_byte_limit_and_says_how_big(settings):
    settings.FEATURED_IMAGE_MAX_BYTES = 1024
    upload = jpeg_upload(size=(200, 200), noise=True)
    assert upload.size > 1024
    with pytest.raises(ValidationError) as refused:
        validate_image(upload)
    message = refused.value.messages[0]
    assert filesizeformat(upload.size) in message
    assert filesizeformat(1024) in message


def test_validator_refuses_an_image_with_too_many_pixels(settings):
    settings.FEATURED_IMAGE_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as refused:
        validate_image(jpeg_upload(size=(200, 100)))
    assert refused.value.code == "image_too_many_pixels"
    assert "200×100" in refused.value.messages[0]


def test_validator_refuses_a_decompression_bomb_with_a_clear_message():
    upload = SimpleUploadedFile("bomb.png", decompression_bomb_png(), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        validate_image(upload)
    assert refused.value.code == "image_bomb"
    assert "pixels" in refused.value.messages[0]


def test_validator_refuses_an_image_over_pillows_own_bomb_limit(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    with pytest.raises(ValidationError) as refused:
        validate_image(jpeg_upload(size=(100, 100)))
    assert refused.value.code == "image_bomb"


# Through the admin's add form


def test_admin_stores_a_valid_featured_image(client, superuser):
    client.force_login(superuser)
    response = upload_through_admin(client, superuser, jpeg_upload(size=(64, 48)))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.featured_image
    assert (post.featured_image.width, post.featured_image.height) == (64, 48)


def test_admin_refuses_a_text_file_named_jpg_with_a_form_error(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile(
        "notes.jpg", b"Just some notes, not a picture.\n" * 20, content_type="image/jpeg"
    )
    response = upload_through_admin(client, superuser, upload)
    assert response.status_code == 200
    assert featured_image_errors(response)
    assert not Post.objects.exists()
    assert not MediaItem.objects.exists()


def test_admin_refuses_a_file_over_the_byte_limit_and_says_how_big(client, superuser, settings):
    settings.FEATURED_IMAGE_MAX_BYTES = 1024
    client.force_login(superuser)
    upload = jpeg_upload(size=(200, 200), noise=True)
    response = upload_through_admin(client, superuser, upload)
    assert response.status_code == 200
    (error,) = featured_image_errors(response)
    assert filesizeformat(1024) in error
    assert error in response.text
    assert not Post.objects.exists()
    assert not MediaItem.objects.exists()


def test_admin_refuses_an_image_with_too_many_pixels(client, superuser, settings):
    settings.FEATURED_IMAGE_MAX_PIXELS = 100 * 100
    client.force_login(superuser)
    response = upload_through_admin(client, superuser, jpeg_upload(size=(200, 100)))
    assert response.status_code == 200
    (error,) = featured_image_errors(response)
    assert "200×100" in error
    assert not Post.objects.exists()
    assert not MediaItem.objects.exists()


def test_admin_refuses_a_decompression_bomb_without_a_server_error(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("bomb.png", decompression_bomb_png(), content_type="image/png")
    response = upload_through_admin(client, superuser, upload)
    assert response.status_code == 200
    assert featured_image_errors(response)
    assert not Post.objects.exists()
    assert not MediaItem.objects.exists()


def test_admin_applies_exif_orientation_and_drops_the_exif(client, superuser):
    client.force_login(superuser)
    # Stored 120×80, left half red; orientation 6 means "turn 90° clockwise to show".
    upload = jpeg_upload(size=(120, 80), exif=oriented_exif(6))
    response = upload_through_admin(client, superuser, upload)
    assert response.status_code == 302

    post = Post.objects.get()
    assert (post.featured_image.width, post.featured_image.height) == (80, 120)
    image, info, exif = stored_image(post.featured_image.file)
    assert image.size == (80, 120)
    red, green, blue = image.getpixel((40, 15))
    assert red > 150 and blue < 100, "the red left half should now be on top"
    assert "exif" not in info
    assert EXIF_ORIENTATION not in exif


def test_renditions_are_written_for_widths_smaller_than_the_original(client, superuser, settings):
    settings.FEATURED_IMAGE_WIDTHS = (160, 320, 640)
    client.force_login(superuser)
    response = upload_through_admin(client, superuser, jpeg_upload(size=(400, 300)))
    assert response.status_code == 302

    post = Post.objects.get()
    assert [(r["width"], r["height"]) for r in post.featured_image.renditions] == [
        (160, 120),
        (320, 240),
        (400, 300),
    ]
    for rendition in post.featured_image.renditions:
        with default_storage.open(path_of(rendition["url"])) as file, Image.open(file) as image:
            assert image.size == (rendition["width"], rendition["height"])


def test_post_page_offers_the_renditions_in_srcset_with_dimensions(client, superuser, settings):
    settings.FEATURED_IMAGE_WIDTHS = (160, 320, 640)
    client.force_login(superuser)
    upload_through_admin(client, superuser, jpeg_upload(size=(400, 300)))
    post = Post.objects.get()
    client.logout()

    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    (featured,) = [img for img in images_in(response.text) if img.get("srcset")]
    candidates = {
        descriptor: url for url, descriptor in (c.split() for c in featured["srcset"].split(","))
    }
    assert set(candidates) == {"160w", "320w", "400w"}
    for descriptor, url in candidates.items():
        assert default_storage.exists(path_of(url)), descriptor
    assert (featured["width"], featured["height"]) == ("400", "300")
    assert featured["src"] == post.featured_image.url
    assert featured["alt"] == "A red and blue picture"


def test_editing_a_post_keeps_its_featured_image(client, superuser):
    client.force_login(superuser)
    upload_through_admin(client, superuser, jpeg_upload(size=(400, 300)))
    post = Post.objects.get()
    item = post.featured_image

    response = client.post(
        f"/admin/posts/post/{post.pk}/change/",
        add_post_form_data(superuser, title="A new title", featured_image=item.pk),
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "A new title"
    assert post.featured_image == item
    assert MediaItem.objects.count() == 1


def mpo_bytes(size=(64, 48)):
    """A JPEG with a multi-picture extension, as many phone cameras write (Pillow: "MPO")."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", size, RED), Image.new("RGB", size, BLUE)
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def test_a_camera_jpeg_with_a_multi_picture_extension_is_accepted(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("camera.jpg", mpo_bytes(), content_type="image/jpeg")
    response = upload_through_admin(client, superuser, upload)
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.featured_image.file.name.endswith(".jpg")
    assert (post.featured_image.width, post.featured_image.height) == (64, 48)
