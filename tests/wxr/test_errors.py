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


BOMB_DOCTYPE = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def with_doctype_after(prolog):
    """A small export with `prolog` and then a DOCTYPE between its XML declaration and <rss>."""
    declaration, rest = wxr(item(1)).split("\n", 1)
    return f"{declaration}\n{prolog}{BOMB_DOCTYPE}\n{rest}"


def doctype_line(text):
    return text[: text.index("<!DOCTYPE")].count("\n") + 1


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param("\n" * 70_000, id="after 64 KiB of blank lines"),
        pytest.param(f"<!-- {'x' * 70_000} -->\n", id="after a 70 KiB comment"),
        pytest.param("<!-- <rss> -->\n", id="after a comment that names an element"),
        pytest.param('<?xml-stylesheet href="a.xsl"?>\n', id="after a processing instruction"),
    ],
)
def test_a_doctype_anywhere_before_the_root_element_is_refused_with_its_line(tmp_path, prolog):
    text = with_doctype_after(prolog)

    message = refused(write(tmp_path, text))

    assert f"no <!DOCTYPE>; this file is refused (line {doctype_line(text)})" in message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_doctype_in_a_file_of_another_unicode_encoding_is_refused(tmp_path, encoding):
    text = with_doctype_after("").replace('encoding="UTF-8"', f'encoding="{encoding[:6]}"')
    path = tmp_path / "export.xml"
    path.write_bytes(text.encode(encoding))

    message = refused(path)

    assert f"no <!DOCTYPE>; this file is refused (line {doctype_line(text)})" in message


def test_a_doctype_in_an_encoding_only_the_parser_reads_is_refused_by_the_parser(tmp_path):
    text = with_doctype_after("").replace('encoding="UTF-8"', 'encoding="ARMSCII-8"')

    assert "no <!DOCTYPE>" in refused(write(tmp_path, text))


def test_a_doctype_quoted_in_post_content_is_no_concern(tmp_path):
    text = wxr(item(1, content="<!DOCTYPE html><html></html>"))

    assert "1 post" in run_import(write(tmp_path, text))


TOO_LARGE = "12345678901234567890123456"


@pytest.mark.parametrize(
    ("element", "extra"),
    [
        ("wp:post_parent", f"<wp:post_parent>{TOO_LARGE}</wp:post_parent>"),
        ("wp:menu_order", f"<wp:menu_order>{TOO_LARGE}</wp:menu_order>"),
        (
            "wp:meta_value",
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{TOO_LARGE}</wp:meta_value></wp:postmeta>",
        ),
    ],
)
def test_a_number_too_large_for_the_database_is_refused_with_its_line(tmp_path, element, extra):
    text = wxr(item(1, "Fine"), item(2, "Broken", extra=f"\n{extra}"))

    message = refused(write(tmp_path, text))

    line = text[: text.index(extra)].count("\n") + 1
    assert f"Number out of range in <{element}>: {TOO_LARGE}" in message
    assert f"(line {line})" in message
    assert "Nothing was imported." in message


def test_a_26_digit_post_id_is_refused_with_its_line(tmp_path):
    text = wxr(item(1, "Fine"), item(TOO_LARGE, "Broken"))

    message = refused(write(tmp_path, text))

    line = text[: text.index(f"<wp:post_id>{TOO_LARGE}")].count("\n") + 1
    assert f"Number out of range in <wp:post_id>: {TOO_LARGE} (at most 9223372036854775807)" in (
        message
    )
    assert f"(line {line})" in message


def test_a_26_digit_comment_id_is_refused_with_the_comment_line(tmp_path):
    comment = wp_comment(1).replace("<wp:comment_id>1<", f"<wp:comment_id>{TOO_LARGE}<")
    text = wxr(item(1, extra=comment))

    message = refused(write(tmp_path, text))

    line = text[: text.index("<wp:comment>")].count("\n") + 1
    assert f"Number out of range in <wp:comment_id>: {TOO_LARGE}" in message
    assert f"(line {line})" in message


def test_a_post_id_of_thousands_of_digits_is_refused_and_shown_cut_short(tmp_path):
    message = refused(write(tmp_path, wxr(item("9" * 5000))))

    assert "Number out of range in <wp:post_id>: " + "9" * 30 + "…" in message
    assert "9" * 31 not in message


def test_the_largest_id_the_database_keeps_is_imported(tmp_path):
    assert "1 post" in run_import(write(tmp_path, wxr(item(9223372036854775807))))


def test_an_empty_file_is_refused(tmp_path):
    assert "The file is empty" in refused(write(tmp_path, ""))


def test_a_missing_file_is_refused(tmp_path):
    assert "Cannot read" in refused(tmp_path / "nowhere.xml")


def test_a_media_dir_that_is_not_a_directory_is_refused(tmp_path):
    path = write(tmp_path, wxr(item(1)))

    assert "is not a directory" in refused(path, "--media-dir", str(tmp_path / "missing"))
