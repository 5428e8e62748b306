"""Ghost 5's `lexical` (the Lexical editor's JSON tree) rendered as HTML.

A document is `{"root": {"children": [...]}}`; element nodes (paragraph, heading,
quote, list, listitem, link) hold children, text nodes (`text`, Ghost's
`extended-text`) carry a `format` bit set (Lexical's: 1 bold, 2 italic,
4 strikethrough, 8 underline, 16 code, 32 subscript, 64 superscript), and Ghost's
cards are nodes of their own type with the card's fields on the node (see
`ghost_cards`).
"""

from html import escape

from .ghost_cards import CARDS, render_card

TEXT_FORMATS = (
    (1, "strong"),
    (2, "em"),
    (4, "s"),
    (8, "u"),
    (16, "code"),
    (32, "sub"),
    (64, "sup"),
)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CARD_NODES = {"codeblock", "horizontalrule", *CARDS}


def render_lexical(document, warn):
    """HTML for a parsed lexical document; raises ValueError if it has no root."""
    root = document.get("root") if isinstance(document, dict) else None
    if not isinstance(root, dict):
        raise ValueError("lexical without a root node")
    return _children(root, warn)


def _children(node, warn):
    return "".join(
        _node(child, warn) for child in node.get("children") or [] if isinstance(child, dict)
    )


def _node(node, warn):
    kind = node.get("type")
    if kind in ("text", "extended-text"):
        return _text(node)
    if kind == "linebreak":
        return "<br>"
    if kind == "tab":
        return "\t"
    if kind == "paragraph":
        inner = _children(node, warn)
        return f"<p>{inner}</p>" if inner else ""
    if kind in ("heading", "extended-heading"):
        tag = node.get("tag") if node.get("tag") in HEADINGS else "h2"
        return f"<{tag}>{_children(node, warn)}</{tag}>"
    if kind in ("quote", "extended-quote", "aside"):
        return f"<blockquote>{_children(node, warn)}</blockquote>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        start = node.get("start")
        start = f' start="{start}"' if tag == "ol" and isinstance(start, int) and start != 1 else ""
        return f"<{tag}{start}>{_children(node, warn)}</{tag}>"
    if kind == "listitem":
        return f"<li>{_children(node, warn)}</li>"
    if kind in ("link", "autolink"):
        return f'<a href="{escape(node.get("url") or "")}">{_children(node, warn)}</a>'
    if node.get("children") and kind not in CARD_NODES:
        return _children(node, warn)  # an element of a kind not known here: keep its text
    return render_card(kind, node, warn)


def _text(node):
    html = escape(node.get("text") or "")
    bits = node.get("format") if isinstance(node.get("format"), int) else 0
    for bit, tag in reversed(TEXT_FORMATS):
        if bits & bit:
            html = f"<{tag}>{html}</{tag}>"
    return html
