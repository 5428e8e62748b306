"""The status vocabulary: what the exporter writes, the importer reads back as it was."""

import pytest

from comments.models import Comment
from posts.models import Post
from wxr.statuses import (
    COMMENT_STATUS_FROM_WP,
    COMMENT_STATUS_TO_WP,
    POST_STATUS_FROM_WP,
    POST_STATUS_SKIPPED,
    POST_STATUS_TO_WP,
    wp_post_status,
)


@pytest.mark.parametrize("status", Post.Status)
def test_every_post_status_exports_to_a_word_that_imports_back_to_it(status):
    assert POST_STATUS_FROM_WP[wp_post_status(status)] == status


def test_a_scheduled_post_exports_as_future_and_imports_back_as_published():
    assert POST_STATUS_FROM_WP[wp_post_status(Post.Status.PUBLISHED, scheduled=True)] == (
        Post.Status.PUBLISHED
    )


def test_no_exported_post_status_is_one_the_importer_skips():
    assert not set(POST_STATUS_TO_WP.values()) & set(POST_STATUS_SKIPPED)


@pytest.mark.parametrize("status", Comment.Status)
def test_every_comment_status_exports_to_a_word_that_imports_back_to_it(status):
    assert COMMENT_STATUS_FROM_WP[COMMENT_STATUS_TO_WP[status]] == status


@pytest.mark.parametrize("word", [*POST_STATUS_TO_WP.values(), *COMMENT_STATUS_TO_WP.values()])
def test_exported_status_words_are_lower_case_as_the_importer_reads_them(word):
    assert word == word.strip().lower()
