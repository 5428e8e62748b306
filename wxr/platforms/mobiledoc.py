"""Ghost 1–4's `mobiledoc` (version 0.3) rendered as HTML.

A mobiledoc lists `markups` ([tag, [attribute, value, …]]), `atoms` ([name, text,
payload]), `cards` ([name, payload]) and `sections`: [1, tag, markers] a paragraph or
heading, [2, src] an image, [3, "ul"|"ol", [markers, …]] a list, [10, card index] a
card. A marker is [0 text | 1 atom, markups it opens, how many open ones it closes,
text or atom index], so inline markup is a stack opened and closed along the markers.
"""

from html import escape

from .ghost_cards import render_card

MARKUP_TAGS = {"a", "b", "code", "em", "i", "s", "strong", "sub", "sup", "u"}
SECTION_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
# Ghost's alternative quote style and pull quotes are quotes here.
QUOTE_TAGS = {"aside", "pull-quote"}


def render_mobiledoc(document, warn):
    """HTML for a parsed mobiledoc; raises ValueError for a shape it cannot read."""
    if not isinstance(document, dict) or not isinstance(document.get("sections"), list):
        raise ValueError("mobiledoc without sections")
    if not str(document.get("version", "0.3")).startswith("0.3"):
        raise ValueError(f"mobiledoc version {document.get('version')!r} (0.3 is read)")
    markups = document.get("markups") or []
    atoms = document.get("atoms") or []
    cards = document.get("cards") or []
    parts = []
    for section in document["sections"]:
        kind = section[0] if section else None
        if kind == 1:
            tag = str(section[1]).lower()
            tag = "blockquote" if tag in QUOTE_TAGS else tag if tag in SECTION_TAGS else "p"
            inner = _markers(section[2], markups, atoms)
            if inner:
                parts.append(f"<{tag}>{inner}</{tag}>")
        elif kind == 2:
            parts.append(f'<figure><img src="{escape(str(section[1]))}" alt=""></figure>')
        elif kind == 3:
            tag = "ol" if str(section[1]).lower() == "ol" else "ul"
            items = "".join(f"<li>{_markers(item, markups, atoms)}</li>" for item in section[2])
            parts.append(f"<{tag}>{items}</{tag}>")
        elif kind == 10:
            name, payload = cards[section[1]]
            parts.append(render_card(name, payload or {}, warn))
        else:
            warn(f"Mobiledoc sections of type {kind!r} were left out")
    return "".join(parts)


def _markers(markers, markups, atoms):
    html, open_tags = [], []
    for kind, opened, closed, value in markers:
        for index in opened:
            tag, attributes = _markup(markups[index])
            html.append(f"<{tag}{attributes}>")
            open_tags.append(tag)
        if kind == 1:
            name, text, _ = atoms[value]
            html.append("<br>" if name == "soft-return" else escape(str(text)))
        else:
            html.append(escape(str(value)))
        for _ in range(min(closed, len(open_tags))):
            html.append(f"</{open_tags.pop()}>")
    html += [f"</{tag}>" for tag in reversed(open_tags)]
    return "".join(html)


def _markup(markup):
    tag = str(markup[0]).lower()
    if tag not in MARKUP_TAGS:
        tag = "span"
    pairs = markup[1] if len(markup) > 1 and isinstance(markup[1], list) else []
    attributes = "".join(
        f' {escape(str(name))}="{escape(str(value))}"'
        for name, value in zip(pairs[::2], pairs[1::2], strict=False)
        if str(name) in ("href", "rel")
    )
    return tag, attributes
