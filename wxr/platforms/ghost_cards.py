"""Ghost's cards as HTML: the blocks its editor stores beside the text, in either format.

Lexical (Ghost 5) and mobiledoc (Ghost 1–4) store the same cards with the same
fields (`src`, `caption`, `code`, `markdown`, `html`…), so one renderer serves both.
The HTML is raw here: the writer sanitizes the whole body. Markdown cards stay as
preformatted text, since no Markdown library is installed; the summary says so.
Cards that only mean something on Ghost (sign-up forms, products, members' files)
are left out and counted.
"""

from html import escape

# Ghost's members cut: what comes before it is the public preview, as our teaser is.
PAYWALL = "<!--more-->"


def render_card(name, card, warn):
    """HTML for one card (`card`: its fields); `warn(message)` reports what is lost."""
    name = {"card-markdown": "markdown", "codeblock": "code", "horizontalrule": "hr"}.get(
        name, name
    )
    render = CARDS.get(name)
    if render is None:
        warn(f"Ghost cards of type {name!r} were left out (this blog has none)")
        return ""
    return render(card, warn)


def _image(card, warn):
    return _figure(_img(card), card.get("caption"))


def _img(card):
    attributes = [
        f'src="{escape(card.get("src") or "")}"',
        f'alt="{escape(card.get("alt") or "")}"',
    ]
    for name in ("width", "height"):
        if isinstance(card.get(name), int):
            attributes.append(f'{name}="{card[name]}"')
    if card.get("title"):
        attributes.append(f'title="{escape(card["title"])}"')
    return f"<img {' '.join(attributes)}>"


def _figure(inner, caption):
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{inner}{caption}</figure>"


def _gallery(card, warn):
    images = "".join(_img(image) for image in card.get("images") or [] if image.get("src"))
    return _figure(images, card.get("caption")) if images else ""


def _code(card, warn):
    language = card.get("language") or ""
    css = f' class="language-{escape(language)}"' if language else ""
    code = f"<pre><code{css}>{escape(card.get('code') or '')}</code></pre>"
    return _figure(code, card["caption"]) if card.get("caption") else code


def _markdown(card, warn):
    warn(
        "Markdown cards were kept as preformatted text: no Markdown library is installed "
        "(edit those posts to format them)"
    )
    return f"<pre>{escape(card.get('markdown') or '')}</pre>"


def _html(card, warn):
    return card.get("html") or ""


def _hr(card, warn):
    return "<hr>"


def _link_alone(url, text=None):
    """A link on its own line, which the body renderer turns into an embed where it can."""
    return f'<p><a href="{escape(url)}">{escape(text or url)}</a></p>' if url else ""


def _embed(card, warn):
    return _link_alone(card.get("url") or "")


def _bookmark(card, warn):
    metadata = card.get("metadata") or {}
    return _link_alone(card.get("url") or metadata.get("url") or "", metadata.get("title"))


def _button(card, warn):
    return _link_alone(card.get("buttonUrl") or "", card.get("buttonText"))


def _callout(card, warn):
    emoji = escape(card.get("calloutEmoji") or "")
    return f"<div><p>{emoji} {card.get('calloutText') or ''}</p></div>"


def _toggle(card, warn):
    return (
        f"<details><summary>{card.get('heading') or ''}</summary>"
        f"{card.get('content') or ''}</details>"
    )


def _paywall(card, warn):
    return PAYWALL


CARDS = {
    "image": _image,
    "gallery": _gallery,
    "code": _code,
    "markdown": _markdown,
    "html": _html,
    "hr": _hr,
    "embed": _embed,
    "bookmark": _bookmark,
    "button": _button,
    "callout": _callout,
    "toggle": _toggle,
    "paywall": _paywall,
}
