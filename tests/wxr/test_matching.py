"""Which items of a file are already here: WordPress's post_exists(), WordPress id first."""

import pytest

from posts.models import Post
from tests.conftest import make_post

from .helpers import item, run_import, write, wxr

pytestmark = pytest.mark.django_db


def sharing_guid(wp_id, title):
    """A duplicated post: its own id and title, the GUID of post 1."""
    return item(wp_id, title).replace(f"?p={wp_id}</guid>", "?p=1</guid>")


def test_two_posts_sharing_one_guid_are_both_imported(tmp_path):
    text = wxr(item(1, "Original"), sharing_guid(2, "Original (copy)"))

    output = run_import(write(tmp_path, text))

    assert sorted(Post.objects.values_list("wp_id", "title")) == [
        (1, "Original"),
        (2, "Original (copy)"),
    ]
    assert "already here" not in output


def test_an_item_whose_id_is_new_is_kept_even_with_the_title_and_date_of_another(tmp_path):
    text = wxr(item(1, "Same"), sharing_guid(2, "Same"))

    run_import(write(tmp_path, text))

    assert sorted(Post.objects.values_list("wp_id", flat=True)) == [1, 2]


def test_importing_posts_that_share_a_guid_again_changes_nothing(tmp_path):
    path = write(tmp_path, wxr(item(1, "Original"), sharing_guid(2, "Original (copy)")))
    run_import(path)
    before = list(Post.objects.order_by("pk").values())

    output = run_import(path)

    assert list(Post.objects.order_by("pk").values()) == before
    assert "posts: 2 already here" in output


def test_a_known_id_with_the_same_title_and_date_is_the_same_post(tmp_path):
    run_import(write(tmp_path, wxr(item(4, "Kept")), "one.xml"))
    moved = item(4, "Kept").replace("?p=4</guid>", "?p=4&amp;moved=1</guid>")

    output = run_import(write(tmp_path, wxr(moved), "two.xml"))

    assert Post.objects.count() == 1
    assert "posts: 1 already here" in output


def test_a_post_written_here_comes_back_from_this_blogs_export_matched_by_title_and_date(
    tmp_path, author
):
    written = make_post("Written here", author=author)
    stamp = written.published_at.strftime("%Y-%m-%d %H:%M:%S")
    exported = item(written.pk + 1000, "Written here").replace("2021-05-04 10:00:00", stamp)

    run_import(write(tmp_path, wxr(exported)))

    assert Post.objects.get() == written
