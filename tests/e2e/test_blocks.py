"""Block-editor posts from a WordPress export look laid out in a browser: columns side by side
on wide screens and stacked on phones, buttons as buttons, galleries as grids."""

import wave
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from PIL import Image, ImageDraw

from posts.models import Post
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations
from tests.wxr.helpers import FIXTURES, run_import

pytestmark = pytest.mark.django_db(transaction=True)
OLD_UPLOADS = "https://old.example.com/wp-content/uploads/2024/03/"
IMAGES = {
    "harbour.jpg": ("#0a4b78", "#f0b849"),
    "meadow.jpg": ("#3f7d3a", "#d9ead3"),
    "dunes.jpg": ("#c98a3c", "#7a4b1e"),
    "forest.jpg": ("#1f4d2b", "#9fc5a0"),
}
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def blocks(tmp_path):
    """The block fixture imported as if its media had been fetched to this site's /media/."""
    uploads = Path(settings.MEDIA_ROOT) / "blocks"
    uploads.mkdir(parents=True, exist_ok=True)
    for name, (sky, ground) in IMAGES.items():
        image = Image.new("RGB", (1200, 800), sky)
        ImageDraw.Draw(image).rectangle((0, 520, 1200, 800), fill=ground)
        image.save(uploads / name, quality=80)
    with wave.open(str(uploads / "birdsong.mp3"), "wb") as sound:  # a WAV; browsers sniff it
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * 8000)
    wxr = tmp_path / "blocks.xml"
    wxr.write_text((FIXTURES / "blocks.xml").read_text().replace(OLD_UPLOADS, "/media/blocks/"))
    run_import(wxr)
    with override_settings(ROOT_URLCONF="tests.e2e.media_urls"):
        yield {post.slug: post.get_absolute_url() for post in Post.objects.all()}


def boxes(page, selector):
    return [element.bounding_box() for element in page.locator(selector).all()]


def test_columns_sit_side_by_side_on_wide_screens_and_stack_on_phones(new_context, blocks):
    page = new_context(viewport=WIDE).new_page()
    page.goto(blocks["columns"])
    first, second = boxes(page, ".wp-block-columns >> nth=0 >> .wp-block-column")
    assert first["y"] == second["y"] and second["x"] >= first["x"] + first["width"]
    quarter, half, _ = boxes(page, ".wp-block-columns >> nth=1 >> .wp-block-column")
    assert half["width"] > 1.6 * quarter["width"]

    page.set_viewport_size(PHONE)
    first, second = boxes(page, ".wp-block-columns >> nth=0 >> .wp-block-column")
    assert second["y"] >= first["y"] + first["height"] and second["x"] == first["x"]
    third, two_thirds = boxes(page, ".wp-block-columns.is-not-stacked-on-mobile .wp-block-column")
    assert third["y"] == two_thirds["y"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_buttons_look_like_buttons(new_context, blocks):
    page = new_context(viewport=WIDE).new_page()
    page.goto(blocks["buttons"])
    style = (
        "(e) => { const s = getComputedStyle(e); return [s.display, s.backgroundColor, s.color,"
        " s.paddingTop, s.borderRadius, s.borderTopWidth, s.textDecorationLine]; }"
    )
    fill = page.locator(".wp-block-button:not(.is-style-outline) .wp-block-button__link").first
    display, background, colour, padding, radius, _, underline = fill.evaluate(style)
    assert display == "inline-block"
    assert (background, colour) == ("rgb(10, 75, 120)", "rgb(255, 255, 255)")
    assert float(padding.removesuffix("px")) >= 8 and radius != "0px" and underline == "none"
    outline = page.locator(".is-style-outline .wp-block-button__link").evaluate(style)
    assert outline[1] == "rgba(0, 0, 0, 0)" and outline[5] == "2px"
    centred = page.locator(".wp-block-buttons >> nth=0").bounding_box()
    row = boxes(page, ".wp-block-buttons >> nth=0 >> .wp-block-button")
    assert len({round(box["y"]) for box in row}) == 1
    left_gap = row[0]["x"] - centred["x"]
    right_gap = centred["x"] + centred["width"] - (row[-1]["x"] + row[-1]["width"])
    assert abs(left_gap - right_gap) <= 2


def test_a_gallery_is_a_grid_of_cropped_images(new_context, blocks):
    page = new_context(viewport=WIDE).new_page()
    page.goto(blocks["gallery"])
    gallery = page.locator(".wp-block-gallery")
    assert gallery.evaluate("(e) => getComputedStyle(e).display") == "grid"
    columns = gallery.evaluate("(e) => getComputedStyle(e).gridTemplateColumns").split()
    assert len(columns) == 3
    images = boxes(page, ".wp-block-gallery img")
    assert images[0]["y"] == images[1]["y"] == images[2]["y"] < images[3]["y"]
    assert abs(images[0]["width"] - images[0]["height"]) <= 1  # cropped square
    text = page.locator(".post-body").bounding_box()
    wide = page.locator(".wp-block-image.alignwide").bounding_box()
    assert wide["x"] < text["x"] and wide["width"] > text["width"] + 200


def test_a_cover_shows_its_image_under_its_text(new_context, blocks):
    page = new_context(viewport=WIDE).new_page()
    page.goto(blocks["cover"])
    cover = page.locator(".wp-block-cover >> nth=0").bounding_box()
    image = page.locator(".wp-block-cover__image-background").bounding_box()
    assert cover["height"] >= 400 and image == cover
    assert (cover["x"], cover["width"]) == (0, WIDE["width"])  # alignfull
    assert (
        page.locator(".wp-block-cover >> nth=0").evaluate(
            "(e) => getComputedStyle(e.querySelector('.wp-block-cover__background')).opacity"
        )
        == "0.4"
    )


def test_a_block_post_has_no_serious_accessibility_problems(new_context, blocks):
    page = new_context(viewport=WIDE).new_page()
    for slug in ("columns", "buttons", "cover", "media-text", "quote-pullquote"):
        page.goto(blocks[slug])
        assert serious_violations(page) == [], slug


def test_block_post_screenshots(new_context, blocks):
    for label, viewport in (("1280", WIDE), ("375", PHONE)):
        page = new_context(viewport=viewport).new_page()
        for slug, url in blocks.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            screenshot(page, f"blocks-{slug}-{label}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (slug, label, overflow)
