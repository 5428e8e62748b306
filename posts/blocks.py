"""Layout classes of block-editor blocks, added where WordPress adds them: when the page is made.

WordPress saves a Group's or a Buttons block's layout (a row, a stack, centred,
not wrapping) only in its block comment, `<!-- wp:group {"layout":{"type":
"flex"}} -->`, and adds the classes that lay it out (`is-layout-flex`,
`is-content-justification-center`) each time it renders the post. Here that
is done once, on save, for the reader's copy (`body_html`): the author's body
keeps exactly what WordPress wrote, so it goes back to WordPress unchanged.

The body has been through the sanitizer, so its block comments are in the
sanitizer's form (JSON without `>`) and the element after one is its block's
wrapper; the classes added come from the fixed sets below, never from the JSON.
"""

import json
import re

LAYOUT_BLOCKS = re.compile(
    r"(?P<comment><!-- wp:(?P<name>group|buttons)(?: (?P<attrs>\{[^>]*\}))? -->\s*)"
    r"<(?P<tag>div|section|main|article|aside|header|footer|nav)(?P<attributes>(?:\s[^>]*)?)>"
)
CLASS = re.compile(r'\sclass="([^"]*)"')
JUSTIFICATIONS = {"left", "center", "right", "space-between", "stretch"}
VERTICAL_ALIGNMENTS = {"top", "center", "bottom", "stretch"}
DEFAULT_LAYOUT = {"group": "default", "buttons": "flex"}


def layout_classes(name, attributes):
    """The classes WordPress's layout support gives a block with these attributes."""
    layout = attributes.get("layout")
    layout = layout if isinstance(layout, dict) else {}
    kind = layout.get("type") or DEFAULT_LAYOUT[name]
    if kind == "flex":
        classes = ["is-layout-flex"]
        if layout.get("orientation") == "vertical":
            classes.append("is-vertical")
        if layout.get("flexWrap") == "nowrap":
            classes.append("is-nowrap")
        if layout.get("justifyContent") in JUSTIFICATIONS:
            classes.append(f"is-content-justification-{layout['justifyContent']}")
        if layout.get("verticalAlignment") in VERTICAL_ALIGNMENTS:
            classes.append(f"are-vertically-aligned-{layout['verticalAlignment']}")
        return classes
    if kind == "constrained":
        return ["is-layout-constrained"]
    if kind == "grid":
        count = layout.get("columnCount")
        columns = [f"columns-{count}"] if isinstance(count, int) and 1 <= count <= 8 else []
        return ["is-layout-grid", *columns]
    return ["is-layout-flow"]


def block_layout(html):
    """`html` with each Group and Buttons wrapper carrying its layout classes."""
    if "<!-- wp:" not in html:
        return html
    return LAYOUT_BLOCKS.sub(_with_layout, html)


def _with_layout(match):
    try:
        attributes = json.loads(match["attrs"] or "{}")
    except ValueError:
        return match[0]
    if not isinstance(attributes, dict):
        return match[0]
    wanted = layout_classes(match["name"], attributes)
    found = CLASS.search(match["attributes"])
    present = found[1].split() if found else []
    added = " ".join(name for name in wanted if name not in present)
    if not added:
        return match[0]
    if found:
        merged = f' class="{" ".join([*present, added])}"'
        attributes_html = CLASS.sub(lambda _: merged, match["attributes"], count=1)
    else:
        attributes_html = f'{match["attributes"]} class="{added}"'
    return f"{match['comment']}<{match['tag']}{attributes_html}>"
