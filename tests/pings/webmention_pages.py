"""Pages of the other blog that send us Webmentions: h-entries as IndieWeb sites mark them up."""

import io

from PIL import Image


def png(size=(200, 120), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def entry(
    target,
    *,
    prop="u-in-reply-to",
    name="Jane Doe",
    author_url="/jane/",
    photo="/jane.png",
    content="<p>What a <b>fine</b> post.</p>",
):
    """An h-entry by an h-card, responding to `target` through the microformat `prop`."""
    photo_html = f'<img class="u-photo" src="{photo}" alt="">' if photo else ""
    return (
        "<!doctype html><html><head><title>A response</title></head><body>"
        '<article class="h-entry">'
        f'<span class="p-author h-card">{photo_html}'
        f'<a class="u-url p-name" href="{author_url}">{name}</a></span>'
        f'<a class="{prop}" href="{target}">the post I answer</a>'
        f'<div class="e-content">{content}</div>'
        "</article></body></html>"
    )


def mention(target, *, title="Notes of the week"):
    """A page that links to `target` in passing, with no microformats at all."""
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><p>Among other "
        f'things I read <a href="{target}">a post</a> about tea.</p></body></html>'
    )
