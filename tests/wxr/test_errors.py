"""Bad files stop the import with where the trouble is, and nothing half-imported."""

import pytest
from django.core.management.base import CommandError

from .helpers import counts, item, run_import, wp_comment, write, wxr

pytestmark = pytest.mark.django_db


def refused(path, *options):
    before = counts()
    with pytest.raises(CommandError) as error:
        run_import(path, *options)
    assert counts() == before, "a refused file must leave nothing behind"
    return str(error.value)


def test_a_missing_required_element_names_the_element_and_line(tmp_path):
    bad_comment = "<wp:comment><wp:comment_content>No id</wp:comment_content></wp:comment>"
    text = wxr(item(1, "Fine"), item(2, "Broken", extra=bad_comment))

    message = refused(write(tmp_path, text))

    line = text[: text.index("<wp:comment>")].count("\n") + 1
    assert f"Missing required element <wp:comment_id> in <wp:comment> (line {line})" in message
    assert "Nothing was imported." in message


def test_an_author_without_a_login_is_refused(tmp_path):
    author = "<wp:author><wp:author_email>a@example.com</wp:author_email></wp:author>"

    assert "<wp:author_login>" in refused(write(tmp_path, wxr(author, item(1))))


def test_xml_broken_after_good_items_writes_nothing(tmp_path):
    text = wxr(item(1, extra=wp_comment(1)), item(2)).replace("</channel>", "<oops></channel>")

    message = refused(write(tmp_path, text))

    assert "Not well-formed XML" in message
    assert "column" in message


def test_an_unknown_version_is_refused(tmp_path):
    message = refused(write(tmp_path, wxr(item(1), version="abc")))

    assert "Unsupported WXR version 'abc' in <wp:wxr_version>" in message


def test_a_missing_version_in_a_wordpress_file_is_read_as_1_0(tmp_path):
    output = run_import(write(tmp_path, wxr(item(1), version_tag=False)))

    assert "read as WXR 1.0" in output


def test_a_plain_rss_feed_is_not_taken_for_an_export(tmp_path):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
        "<item><title>Entry</title></item></channel></rss>"
    )

    assert "Not a WordPress export" in refused(write(tmp_path, feed))


def test_another_root_element_is_refused(tmp_path):
    atom = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>'

    assert "the root element is" in refused(write(tmp_path, atom))


def test_rss_without_a_channel_is_refused(tmp_path):
    message = refused(write(tmp_path, '<?xml version="1.0"?>\n<rss version="2.0"></rss>'))

    assert "Missing required element <channel> in <rss> (line 2)" in message


def test_a_doctype_is_refused_before_parsing(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rss><channel>&b;</channel></rss>'
    )

    assert "no <!DOCTYPE>" in refused(write(tmp_path, bomb))


def test_an_empty_file_is_refused(tmp_path):
    assert "The file is empty" in refused(write(tmp_path, ""))


def test_a_missing_file_is_refused(tmp_path):
    assert "Cannot read" in refused(tmp_path / "nowhere.xml")


def test_a_media_dir_that_is_not_a_directory_is_refused(tmp_path):
    path = write(tmp_path, wxr(item(1)))

    assert "is not a directory" in refused(path, "--media-dir", str(tmp_path / "missing"))
