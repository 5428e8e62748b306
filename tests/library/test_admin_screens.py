"""The Media screen: grid and list, search and filters, each item's page, "used in",
deleting with a warning, and who may change what (the same rule as posts)."""

import datetime

import pytest
from django.utils import timezone

from library.models import MediaItem
from tests.conftest import make_post, make_user
from tests.library.helpers import images_in, jpeg_upload, make_item, pdf_upload

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/library/mediaitem/"


def change_url(item):
    return f"{LIST_URL}{item.pk}/change/"


def delete_url(item):
    return f"{LIST_URL}{item.pk}/delete/"


@pytest.fixture
def ada():
    return make_user("ada", groups=["Authors"])


@pytest.fixture
def bob():
    return make_user("bob", groups=["Authors"])


@pytest.fixture
def editor():
    return make_user("eve", groups=["Editors"])


def test_the_grid_shows_a_thumbnail_of_each_image_and_a_badge_for_files(client, ada):
    photo = make_item(ada, upload=jpeg_upload(size=(900, 600)), title="Harbour at dawn")
    make_item(ada, upload=pdf_upload(), title="Timetable")
    client.force_login(ada)
    response = client.get(LIST_URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'class="library-grid"' in text
    thumbnails = [img["src"] for img in images_in(text) if img.get("width") == "150"]
    assert thumbnails == [photo.thumbnail_url]
    assert photo.thumbnail_url != photo.url  # the smallest rendition, not the original
    assert "Timetable" in text and "Document" in text


def test_the_list_layout_is_remembered_and_shows_thumbnails(client, ada):
    photo = make_item(ada)
    client.force_login(ada)
    response = client.get(LIST_URL + "?layout=list")
    assert response.status_code == 302
    response = client.get(LIST_URL)
    text = response.content.decode()
    assert 'id="result_list"' in text
    assert 'class="library-grid"' not in text
    assert photo.thumbnail_url in [img["src"] for img in images_in(text)]


def test_search_finds_items_by_title_and_alt_text(client, ada):
    make_item(ada, title="Harbour at dawn")
    make_item(ada, title="Mountain", alt="Snow on a ridge")
    client.force_login(ada)
    by_title = client.get(LIST_URL, {"q": "harbour"}).context["cl"].result_list
    by_alt = client.get(LIST_URL, {"q": "ridge"}).context["cl"].result_list
    assert [i.title for i in by_title] == ["Harbour at dawn"]
    assert [i.title for i in by_alt] == ["Mountain"]


def test_filters_by_type_and_by_month(client, ada):
    photo = make_item(ada, title="Photo")
    make_item(ada, upload=pdf_upload(), title="Leaflet")
    old = make_item(ada, title="Old photo")
    MediaItem.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.make_aware(datetime.datetime(2024, 3, 9, 12))
    )
    client.force_login(ada)

    documents = client.get(LIST_URL, {"kind__exact": "document"}).context["cl"].result_list
    march = client.get(LIST_URL, {"month": "2024-03"}).context["cl"].result_list
    page = client.get(LIST_URL).content.decode()

    assert [i.title for i in documents] == ["Leaflet"]
    assert [i.title for i in march] == ["Old photo"]
    assert "March 2024" in page and photo.uploaded_at.strftime("%B %Y") in page


def test_the_media_screen_runs_a_fixed_number_of_queries(
    client, ada, django_assert_max_num_queries
):
    client.force_login(ada)
    for n in range(3):
        make_item(make_user(), title=f"Picture {n}")
    client.get(LIST_URL + "?layout=list")
    with django_assert_max_num_queries(14) as few:
        client.get(LIST_URL)
    for n in range(20):
        make_item(make_user(), title=f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST_URL).status_code == 200


def test_the_item_screen_says_where_the_item_is_used(client, ada):
    item = make_item(ada, title="Harbour")
    featured = make_post("Featured here", author=ada, featured_image=item)
    in_body = make_post(
        "Shown in the text", author=ada, body=f'<p><img src="{item.url}" alt="x"></p>'
    )
    make_post("Unrelated", author=ada)
    client.force_login(ada)
    text = client.get(change_url(item)).content.decode()
    assert "Featured here" in text and "Shown in the text" in text
    assert "Unrelated" not in text
    assert f"/admin/posts/post/{featured.pk}/change/" in text
    assert f"/admin/posts/post/{in_body.pk}/change/" in text


def test_an_unused_item_says_so(client, ada):
    item = make_item(ada)
    client.force_login(ada)
    assert "Not used in any post." in client.get(change_url(item)).content.decode()


def test_deleting_an_item_in_use_asks_first_naming_where_it_is_used(client, ada):
    item = make_item(ada)
    post = make_post("The harbour post", author=ada, featured_image=item)
    client.force_login(ada)

    response = client.get(delete_url(item))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Still in use" in text and "The harbour post" in text
    assert MediaItem.objects.filter(pk=item.pk).exists()

    assert client.post(delete_url(item), {"post": "yes"}).status_code == 302
    post.refresh_from_db()
    assert post.featured_image is None
    assert not MediaItem.objects.filter(pk=item.pk).exists()


def test_deleting_several_items_names_the_posts_using_them(client, editor):
    used, unused = make_item(editor, title="Used"), make_item(editor, title="Unused")
    make_post("Post with a cover", featured_image=used)
    client.force_login(editor)
    response = client.post(
        LIST_URL, {"action": "delete_selected", "_selected_action": [used.pk, unused.pk]}
    )
    text = response.content.decode()
    assert "Still in use" in text and "Post with a cover" in text
    assert "“Unused” is used in" not in text
    assert MediaItem.objects.count() == 2


def test_the_files_of_a_deleted_item_leave_storage(client, ada, django_capture_on_commit_callbacks):
    item = make_item(ada)
    storage, names = item.file.storage, [item.file.name]
    names += [r["url"].removeprefix(storage.base_url) for r in item.renditions[:-1]]
    assert all(storage.exists(name) for name in names)
    client.force_login(ada)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(item), {"post": "yes"})
    assert not any(storage.exists(name) for name in names)


# Who may do what


def test_authors_see_everyones_items(client, ada, bob):
    make_item(bob, title="Bob's picture")
    client.force_login(ada)
    assert [i.title for i in client.get(LIST_URL).context["cl"].result_list] == ["Bob's picture"]


def test_authors_change_their_own_items(client, ada):
    item = make_item(ada)
    client.force_login(ada)
    response = client.post(
        change_url(item), {"title": "New", "alt": "A harbour", "caption": "", "description": ""}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.alt) == ("New", "A harbour")


def test_authors_cannot_change_or_delete_others_items(client, ada, bob):
    item = make_item(bob, title="Bob's")
    client.force_login(ada)
    response = client.post(
        change_url(item), {"title": "Taken", "alt": "", "caption": "", "description": ""}
    )
    item.refresh_from_db()
    assert item.title == "Bob's"
    assert response.status_code == 403
    assert client.get(change_url(item)).status_code == 200  # shown read-only
    assert client.post(delete_url(item), {"post": "yes"}).status_code == 403
    assert MediaItem.objects.filter(pk=item.pk).exists()


def test_authors_cannot_bulk_delete_others_items(client, ada, bob):
    mine, theirs = make_item(ada), make_item(bob)
    client.force_login(ada)
    client.post(
        LIST_URL,
        {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
    )
    assert MediaItem.objects.count() == 2


def test_editors_change_and_delete_everyones_items(client, editor, bob):
    item = make_item(bob, title="Bob's")
    client.force_login(editor)
    response = client.post(
        change_url(item), {"title": "Edited", "alt": "", "caption": "", "description": ""}
    )
    assert response.status_code == 302
    assert client.post(delete_url(item), {"post": "yes"}).status_code == 302
    assert not MediaItem.objects.exists()


def test_the_add_button_leads_to_the_upload_screen(client, ada):
    client.force_login(ada)
    response = client.get(LIST_URL + "add/")
    assert response.status_code == 302
    assert response["Location"] == LIST_URL + "upload/"
