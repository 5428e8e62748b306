"""The import's report counts what happened to each thing once."""

import pytest

from posts.models import Category, Tag

from .helpers import item, run_import, write, wxr

pytestmark = pytest.mark.django_db

# WordPress 7.1 lists each term twice in the channel: as <wp:category>/<wp:tag> and <wp:term>.
TERMS_TWICE = """
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:term><wp:term_id>3</wp:term_id><wp:term_taxonomy>category</wp:term_taxonomy>
<wp:term_slug>news</wp:term_slug><wp:term_name><![CDATA[News]]></wp:term_name></wp:term>
<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>python</wp:tag_slug>
<wp:tag_name><![CDATA[Python]]></wp:tag_name></wp:tag>
<wp:term><wp:term_id>4</wp:term_id><wp:term_taxonomy>post_tag</wp:term_taxonomy>
<wp:term_slug>python</wp:term_slug><wp:term_name><![CDATA[Python]]></wp:term_name></wp:term>
<wp:term><wp:term_id>5</wp:term_id><wp:term_taxonomy>genre</wp:term_taxonomy>
<wp:term_slug>jazz</wp:term_slug><wp:term_name><![CDATA[Jazz]]></wp:term_name></wp:term>
<wp:term><wp:term_id>5</wp:term_id><wp:term_taxonomy>genre</wp:term_taxonomy>
<wp:term_slug>jazz</wp:term_slug><wp:term_name><![CDATA[Jazz]]></wp:term_name></wp:term>
"""


def test_terms_listed_twice_are_imported_and_counted_once(tmp_path):
    output = run_import(write(tmp_path, wxr(TERMS_TWICE, item(1))))

    assert Category.objects.filter(slug="news").count() == 1
    assert Tag.objects.filter(slug="python").count() == 1
    assert "1 categories; 1 tags" in output
    assert "terms: 1 of the custom taxonomy 'genre'" in output


def test_terms_listed_twice_that_are_already_here_are_skipped_once_each(tmp_path):
    path = write(tmp_path, wxr(TERMS_TWICE, item(1)))
    run_import(path)

    output = run_import(path)

    assert "categories: 1 already here (matched by nicename)" in output
    assert "tags: 1 already here (matched by slug)" in output
    assert "terms: 1 of the custom taxonomy 'genre'" in output
