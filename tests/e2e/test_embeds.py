"""An embed in a real browser: the facade first, with nothing asked of the provider, then its
player after a press; without JavaScript, a link to the original."""

import mimetypes
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from tests.conftest import make_post
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations
from tests.library.conftest import VIDEO_ID, VIDEO_URL, youtube  # noqa: F401  (fixture)
from tests.library.test_block_embeds import block_embed
from tests.other_blog import other_blog, private_addresses_allowed  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

NOCOOKIE = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"
FIGURE = "figure.embed-player"
STAND_IN_PLAYER = (
    "<!doctype html><title>player</title>"
    '<body style="background:#111;color:#fff;font:2rem sans-serif">The player would play here'
)


@pytest.fixture
def post(youtube):  # noqa: F811
    return make_post(
        "A video worth watching",
        body=f"<p>Here it is:</p><p>{VIDEO_URL}</p><p>Enjoy.</p>",
    )


def watch_requests(page, live_server):
    """Every request the page makes; the blog's media is served from storage (nginx serves
    MEDIA_ROOT in production), and the player's host answers with a blank page."""
    seen = []
    ours = urlsplit(live_server.url).netloc

    def answer(route):
        url = urlsplit(route.request.url)
        seen.append(route.request.url)
        if url.netloc == ours and url.path.startswith("/media/"):
            name = url.path.removeprefix("/media/")
            with default_storage.open(name) as stored:
                body = stored.read()
            route.fulfill(body=body, content_type=mimetypes.guess_type(name)[0])
        elif url.netloc == ours:
            route.continue_()
        else:
            route.fulfill(body=STAND_IN_PLAYER, content_type="text/html")

    page.route("**/*", answer)
    return seen


def test_a_youtube_link_alone_shows_a_facade_then_the_nocookie_player(
    new_context, live_server, post
):
    page = new_context().new_page()
    seen = watch_requests(page, live_server)
    page.goto(post.get_absolute_url())

    facade = page.locator(f"{FIGURE} .embed-facade")
    expect(facade).to_contain_text("Never Gonna Give You Up")
    expect(facade).to_contain_text("YouTube")
    expect(facade.locator("img.embed-thumbnail")).to_have_js_property("naturalWidth", 480)
    expect(page.locator("iframe")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert {urlsplit(url).netloc for url in seen} == {urlsplit(live_server.url).netloc}
    screenshot(page, "embeds-facade")

    facade.click()

    frame = page.locator(f"{FIGURE} iframe")
    expect(frame).to_have_attribute("src", NOCOOKIE)
    expect(frame).to_have_attribute("title", "Never Gonna Give You Up")
    expect(frame).to_be_focused()
    expect(page.locator(f"{FIGURE} .embed-facade")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert NOCOOKIE in seen
    assert not [url for url in seen if "youtube.com" in urlsplit(url).netloc]
    screenshot(page, "embeds-playing")


def test_the_keyboard_plays_it_too(new_context, live_server, post):
    page = new_context().new_page()
    watch_requests(page, live_server)
    page.goto(post.get_absolute_url())
    page.locator(f"{FIGURE} .embed-facade").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"{FIGURE} iframe")).to_have_attribute("src", NOCOOKIE)


def test_without_javascript_the_facade_links_to_the_original(new_context, live_server, post):
    page = new_context(java_script_enabled=False).new_page()
    watch_requests(page, live_server)
    page.goto(post.get_absolute_url())
    facade = page.locator(f"{FIGURE} a.embed-facade")
    expect(facade).to_have_attribute("href", VIDEO_URL)
    expect(page.locator("iframe")).to_have_count(0)
    screenshot(page, "embeds-no-javascript")


def test_the_facade_and_highlighted_code_have_no_serious_accessibility_problem(
    new_context, live_server, post
):
    post.body += (
        '<pre><code class="language-python"># A comment\ndef f(x):\n    return "text" + str(x)'
        "</code></pre>"
    )
    post.save()
    page = new_context().new_page()
    watch_requests(page, live_server)
    page.goto(post.get_absolute_url())
    expect(page.locator(FIGURE)).to_be_visible()
    expect(page.locator(".highlight .k").first).to_have_text("def")
    assert serious_violations(page) == []
    screenshot(page, "embeds-and-code")


def test_a_block_editor_embed_plays_in_its_figure_under_its_caption(
    new_context,
    live_server,
    youtube,  # noqa: F811
):
    post = make_post(body=block_embed(VIDEO_URL))
    page = new_context().new_page()
    watch_requests(page, live_server)
    page.goto(post.get_absolute_url())

    block = page.locator("figure.wp-block-embed.wp-embed-aspect-16-9")
    expect(block.locator("figcaption.wp-element-caption")).to_have_text("The first video")
    block.locator(f"{FIGURE} .embed-facade").click()
    expect(block.locator(f".wp-block-embed__wrapper {FIGURE} iframe")).to_have_attribute(
        "src", NOCOOKIE
    )
