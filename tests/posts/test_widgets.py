"""The sidebar's Categories widget shows the tree as it is."""

import re

import pytest

from tests.conftest import make_category, make_post

pytestmark = pytest.mark.django_db


def category_lines(client):
    page = client.get("/").text
    tree = re.search(r'<ul class="category-tree">(.*?)</ul>', page, re.DOTALL).group(1)
    return [
        (depth, " ".join(re.sub(r"<[^>]+>", "", text).split()))
        for depth, text in re.findall(r'<li class="depth-(\d)">(.*?)</li>', tree)
    ]


def test_a_parent_without_posts_of_its_own_is_shown_above_its_children(client):
    news = make_category("News")
    technology = make_category("Technology")
    python = make_category("Python", parent=technology)
    make_post(categories=[news])
    make_post(categories=[python])
    assert category_lines(client) == [("0", "News (1)"), ("0", "Technology"), ("1", "Python (1)")]


def test_categories_without_posts_anywhere_below_them_are_left_out(client):
    make_category("Empty")
    make_post(categories=[make_category("Full")])
    assert category_lines(client) == [("0", "Full (1)")]
