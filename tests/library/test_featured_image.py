"""The featured image is a library item: chosen on the post form or uploaded there into
the library, shown as a thumbnail; existing featured files became items in place."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from library.models import MediaItem
from posts.models import Post
from tests.blogsite.test_migrations import migrate
from tests.conftest import make_post, make_user
from tests.library.helpers import (
    add_post_form_data,
    image_bytes,
    images_in,
    jpeg_upload,
    make_item,
    pdf_upload,
)

ADD_URL = "/admin/posts/post/add/"


@pytest.fixture
def ada():
    return make_user("ada", groups=["Authors"])


@pytest.mark.django_db
def test_an_author_chooses_anothers_library_image_as_featured_image(client, ada):
    photo = make_item(make_user("bob", groups=["Authors"]), alt="Boats at dawn")
    client.force_login(ada)
    response = client.post(ADD_URL, add_post_form_data(ada, featured_image=photo.pk))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.featured_image == photo
    assert MediaItem.objects.count() == 1


@pytest.mark.django_db
def test_the_post_form_shows_the_featured_images_thumbnail(client, ada):
    photo = make_item(ada, upload=jpeg_upload(size=(900, 600)), alt="Boats at dawn")
    post = make_post(author=ada, featured_image=photo)
    client.force_login(ada)
    text = client.get(f"/admin/posts/post/{post.pk}/change/").content.decode()
    (thumbnail,) = [img for img in images_in(text) if "featured-thumbnail" in img.get("class", "")]
    assert thumbnail["src"] == photo.thumbnail_url
    assert thumbnail["alt"] == "Boats at dawn"


@pytest.mark.django_db
def test_an_image_uploaded_on_the_post_form_joins_the_library(client, ada):
    client.force_login(ada)
    response = client.post(
        ADD_URL,
        add_post_form_data(ada, featured_image_upload=jpeg_upload("cover.jpg"), title="Covered"),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    item = post.featured_image
    assert (item.uploaded_by, item.title, item.alt) == (ada, "Covered", "A red and blue picture")


@pytest.mark.django_db
def test_a_document_cannot_be_a_featured_image(client, ada):
    client.force_login(ada)
    response = client.post(ADD_URL, add_post_form_data(ada, featured_image_upload=pdf_upload()))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["featured_image_upload"]
    assert errors == ["Choose an image file here."]
    assert not Post.objects.exists() and not MediaItem.objects.exists()


@pytest.mark.django_db
def test_the_featured_image_search_offers_images_only(client, ada):
    photo = make_item(ada, title="Harbour photo")
    make_item(ada, upload=pdf_upload(), title="Harbour timetable")
    client.force_login(ada)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "harbour",
            "app_label": "posts",
            "model_name": "post",
            "field_name": "featured_image",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(photo.pk)]


@pytest.mark.django_db
def test_a_user_who_may_not_upload_cannot_upload_on_the_post_form(client):
    from django.contrib.auth.models import Permission

    writer = make_user("carl", staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_post", "change_post", "view_post"])
    )
    client.force_login(writer)
    response = client.post(ADD_URL, add_post_form_data(writer, featured_image_upload=jpeg_upload()))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["featured_image_upload"]
    assert errors == ["You may not upload files to the library."]
    assert not MediaItem.objects.exists()


@pytest.mark.django_db
def test_feeds_enclose_the_featured_image_with_its_size_and_type(client, ada):
    photo = make_item(ada)
    make_post(author=ada, featured_image=photo)
    text = client.get("/feed/").content.decode()
    assert f'length="{photo.size}" type="image/jpeg"' in text
    assert photo.url in text


@pytest.mark.django_db(transaction=True)
def test_featured_files_become_library_items_with_their_files_and_renditions():
    old = migrate([("posts", "0009_body_html"), ("library", "0001_initial")])
    User = old.get_model("auth", "User")
    OldPost = old.get_model("posts", "Post")
    author = User.objects.create(username="old-author")
    name = default_storage.save("featured/2025/01/cover.jpg", ContentFile(image_bytes((640, 480))))
    small = default_storage.save("featured/2025/01/cover-480w.jpg", ContentFile(b"x"))
    renditions = [
        {"url": default_storage.url(small), "width": 480, "height": 360},
        {"url": default_storage.url(name), "width": 640, "height": 480},
    ]
    now = timezone.now()
    old_post = OldPost.objects.create(
        title="With a cover",
        slug="with-a-cover",
        author=author,
        status="published",
        published_at=now,
        published_on=now.date(),
        body="<p>Words.</p>",
        featured_image=name,
        featured_image_width=640,
        featured_image_height=480,
        featured_image_alt="A cover",
        featured_image_renditions=renditions,
    )
    OldPost.objects.create(
        title="Plain", slug="plain", author=author, published_at=now, published_on=now.date()
    )

    migrate()

    post = Post.objects.get(pk=old_post.pk)
    item = post.featured_image
    assert (item.file.name, item.kind, item.mime_type) == (name, "image", "image/jpeg")
    assert (item.width, item.height, item.alt, item.renditions) == (640, 480, "A cover", renditions)
    assert item.uploaded_by_id == author.pk
    assert item.size == default_storage.size(name)
    assert MediaItem.objects.count() == 1
    assert Post.objects.get(slug="plain").featured_image is None
