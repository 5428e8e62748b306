"""The media library in a real browser: an author uploads two images and a PDF, puts one
image in a post by uploading it from the editor and another from the library, publishes,
and a reader sees both with `srcset` and alt text. axe-core checks the library screens and
the editor's image dialog."""

import re

import pytest
from django.test import override_settings
from PIL import Image
from playwright.sync_api import expect

from library.models import MediaItem
from posts.models import Post
from tests.conftest import make_user
from tests.e2e.conftest import screenshot, wait_until
from tests.e2e.test_accessibility import serious_violations
from tests.library.helpers import PDF_BYTES

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_served"),
]
PASSWORD = "pw-for-tests-123"


@pytest.fixture
def media_served():
    with override_settings(ROOT_URLCONF="tests.e2e.media_urls"):
        yield


@pytest.fixture
def files(tmp_path):
    paths = []
    for name, colour in [("harbour.jpg", "steelblue"), ("meadow.png", "seagreen")]:
        image = Image.new("RGB", (1000, 700), colour)
        image.paste("gold", (100, 100, 500, 400))
        image.save(tmp_path / name)
        paths.append(tmp_path / name)
    (tmp_path / "timetable.pdf").write_bytes(PDF_BYTES)
    paths.append(tmp_path / "timetable.pdf")
    Image.new("RGB", (1200, 800), "tomato").save(tmp_path / "sunset.jpg")
    return {path.name: path for path in [*paths, tmp_path / "sunset.jpg"]}


def serious_violations_in(page, selector):
    """axe-core's serious and critical findings inside one part of the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=selector)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, username, next_url):
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit], form input[type=submit]")


def open_image_dialog(page):
    page.click('button[aria-label="Insert/edit image"]')
    dialog = page.locator(".tox-dialog")
    expect(dialog).to_be_visible()
    return dialog


def test_an_author_uploads_inserts_and_publishes_and_a_reader_sees_srcset_and_alt(
    new_context, files
):
    make_user("ada", groups=["Authors"], password=PASSWORD)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()

    # Two images and a PDF, in one go through the upload screen.
    sign_in(page, "ada", "/admin/library/mediaitem/upload/")
    expect(page.locator("h1")).to_have_text("Upload media")
    assert serious_violations(page) == [], "upload screen"
    screenshot(page, "library-upload")
    page.set_input_files(
        "#id_files", [files["harbour.jpg"], files["meadow.png"], files["timetable.pdf"]]
    )
    page.click("input[type=submit][value=Upload]")
    expect(page.locator(".messagelist")).to_contain_text("3 file(s) added to the library")
    expect(page.locator(".library-grid-item")).to_have_count(3)
    assert serious_violations(page) == [], "grid"
    screenshot(page, "library-grid")
    page.goto("/admin/library/mediaitem/?layout=list")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    assert serious_violations(page) == [], "list"
    screenshot(page, "library-list")

    # The harbour gets its alt text on its own screen.
    harbour = MediaItem.objects.get(title="Harbour")
    page.goto(f"/admin/library/mediaitem/{harbour.pk}/change/")
    page.fill("#id_alt", "A gold square on a blue harbour")
    assert serious_violations(page) == [], "item screen"
    screenshot(page, "library-item")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # A post: one image uploaded from the editor, one chosen from the library.
    page.goto("/admin/posts/post/add/")
    page.fill("#id_title", "Pictures from the coast")
    editor = page.frame_locator(".tox-edit-area iframe")
    editor.locator("body").click()
    editor.locator("body").press_sequentially("The sunset first.")

    dialog = open_image_dialog(page)
    dialog.get_by_role("tab", name="Upload").click()
    with page.expect_response(lambda r: "/editor-upload/" in r.url) as uploaded:
        dialog.locator('input[type="file"]').set_input_files(files["sunset.jpg"])
    assert uploaded.value.status == 200
    expect(dialog.get_by_label("Source")).to_have_value(re.compile(r"/media/library/.*sunset"))
    dialog.get_by_label("Alternative description").fill("The sun setting over the sea")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()

    editor.locator("body").press("End")
    dialog = open_image_dialog(page)
    dialog.get_by_label("Image list").click()
    page.get_by_role("option", name="A gold square on a blue harbour").click()
    expect(dialog.get_by_label("Alternative description")).to_have_value(
        "A gold square on a blue harbour"
    )
    assert serious_violations_in(page, ".tox-dialog") == [], "insert dialog"
    screenshot(page, "editor-insert-from-library")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(editor.locator("img")).to_have_count(2)

    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    post = Post.objects.get()
    assert post.status == Post.Status.PUBLISHED

    # A reader sees both pictures, each with srcset and its alt text.
    reader = new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(post.get_absolute_url())
    images = reader.locator(".post-body img")
    expect(images).to_have_count(2)
    sunset, harbour_image = images.nth(0), images.nth(1)
    expect(sunset).to_have_attribute("alt", "The sun setting over the sea")
    expect(harbour_image).to_have_attribute("alt", "A gold square on a blue harbour")
    for image in (sunset, harbour_image):
        expect(image).to_have_attribute("srcset", re.compile(r"-480w\.\w+ 480w, .*-800w"))
        expect(image).to_have_attribute("sizes", re.compile("800px"))
        image.scroll_into_view_if_needed()
        wait_until(image, "img => img.complete && img.naturalWidth > 0")
    screenshot(reader, "reader-post-with-library-images")


def test_files_dropped_on_the_upload_box_are_uploaded(new_context, files):
    make_user("ada", groups=["Authors"], password=PASSWORD)
    page = new_context().new_page()
    sign_in(page, "ada", "/admin/library/mediaitem/upload/")
    page.wait_for_url("**/admin/library/mediaitem/upload/")
    page.wait_for_load_state("load")  # the drop zone's script has run
    contents = files["meadow.png"].read_bytes()
    page.evaluate(
        """([bytes]) => {
            const transfer = new DataTransfer();
            const file = new File([new Uint8Array(bytes)], "dropped.png", {type: "image/png"});
            transfer.items.add(file);
            const zone = document.querySelector(".library-dropzone");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        [list(contents)],
    )
    expect(page.locator(".messagelist")).to_contain_text("1 file(s) added to the library")
    assert MediaItem.objects.get().title == "Dropped"
