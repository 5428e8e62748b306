"""What the sanitizer keeps of block-editor markup: classes, inline styles, block comments.

WordPress's block editor lays content out with classes (`wp-block-columns`,
`is-style-outline`, `has-vivid-red-color`) and a few inline styles
(`flex-basis:33.33%` on a column, `height:100px` on a spacer). This blog keeps
the classes of core blocks and nothing else, so an author cannot borrow the
site's own classes (`visually-hidden`, Bootstrap's `position-fixed`) to dress
their text up as the page around it. Inline styles never reach readers: the
site's CSP refuses them, and they would let a post restyle the page; the ones
that carry layout become classes from small fixed sets (`bs-basis-33`),
which `static/css/blocks.css` styles.

Block comments (`<!-- wp:columns {"align":"wide"} -->`) mark where each block
starts and ends; they stay, re-written from their parsed parts, so that a
post goes back to WordPress as blocks and the reader's rendering can read a
block's settings (`posts/blocks.py`). Nothing else of a comment survives.
"""

import json
import re
from html import unescape

# Core block names (and the `blocks-gallery-*` and `wp-block-*__element` parts of them).
CORE_BLOCKS = (
    "audio|button|buttons|code|column|columns|cover|cover-image|details|details-content|"
    "details-summary|embed|file|footnotes|gallery|group|heading|image|list|list-item|"
    "media-text|paragraph|preformatted|pullquote|quote|separator|spacer|table|verse|video|"
    "text-columns|subhead|freeform"
)
BLOCK_CLASS = re.compile(
    rf"""
    wp-block-(?:{CORE_BLOCKS})(?:__[a-z0-9]+(?:-[a-z0-9]+)*)?(?:--[a-z0-9]+(?:-[a-z0-9]+)*)?
    | wp-block-embed-[a-z0-9]+(?:-[a-z0-9]+)*
    | wp-element-(?:button|caption|cite)
    | wp-image-\d{{1,12}} | wp-embed-aspect-\d{{1,2}}-\d{{1,2}} | wp-has-aspect-ratio
    | blocks-gallery-(?:grid|item|caption|item__caption) | fn
    | align(?:left|right|center|wide|full|none)
    | is-layout-(?:flex|flow|constrained|grid)
    | is-content-justification-(?:left|center|right|space-between|stretch)
    | is-vertical | is-nowrap | is-cropped | is-image-fill | is-image-fill-element
    | is-stacked-on-mobile | is-not-stacked-on-mobile | is-light | is-repeated
    | (?:are|is)-vertically-aligned-(?:top|center|bottom|stretch)
    | is-style-[a-z0-9]+(?:-[a-z0-9]+){{0,4}}
    | is-type-(?:video|rich|photo|link|wp-embed)
    | is-provider-[a-z0-9]+(?:-[a-z0-9]+){{0,4}}
    | is-position-(?:top|center|bottom)-(?:left|center|right)
    | has-[a-z0-9]+(?:-[a-z0-9]+){{0,4}}-(?:color|background-color|border-color|font-size)
    | has-[a-z0-9]+(?:-[a-z0-9]+){{0,4}}-gradient-background
    | has-text-align-(?:left|center|right|justify)
    | has-background-dim(?:-(?:[1-9]0|100))?
    | has-(?:text-color|background|link-color|border-color|drop-cap|nested-images|parallax)
    | has-(?:custom-content-position|media-on-the-right|fixed-layout|caption|alpha-channel-opacity)
    | has-(?:inline-color|custom-font-size|background-gradient|global-padding|border)
    | columns-(?:[1-8]|default)
    | size-(?:thumbnail|medium|medium_large|large|full|post-thumbnail)
    | wp-caption | wp-caption-text | gallery | gallery-item
    """,
    re.VERBOSE,
)
MAX_CLASSES = 24

# Inline styles that carry layout, and the fixed sets of classes they become.
COLUMN_WIDTHS = (20, 25, 30, 33, 40, 50, 60, 66, 70, 75, 80)
SPACER_HEIGHTS = (20, 40, 60, 80, 100, 150, 200, 300)
COVER_HEIGHTS = (200, 300, 400, 500, 600, 800)
COVER_VIEWPORT_HEIGHTS = (25, 50, 75, 100)
GENERATED_CLASS = re.compile(
    r"bs-basis-(?:{w})|bs-media-(?:{w})|bs-height-(?:{s})|bs-min-height-(?:{c})|bs-min-height-(?:{v})vh".format(
        w="|".join(map(str, COLUMN_WIDTHS)),
        s="|".join(map(str, SPACER_HEIGHTS)),
        c="|".join(map(str, COVER_HEIGHTS)),
        v="|".join(map(str, COVER_VIEWPORT_HEIGHTS)),
    )
)
# WordPress's default palette: a colour chosen from it is a class; any other colour goes.
PALETTE = {
    "#000000": "black",
    "#abb8c3": "cyan-bluish-gray",
    "#ffffff": "white",
    "#f78da7": "pale-pink",
    "#cf2e2e": "vivid-red",
    "#ff6900": "luminous-vivid-orange",
    "#fcb900": "luminous-vivid-amber",
    "#7bdcb5": "light-green-cyan",
    "#00d084": "vivid-green-cyan",
    "#8ed1fc": "pale-cyan-blue",
    "#0693e3": "vivid-cyan-blue",
    "#9b51e0": "vivid-purple",
}
PRESET_COLOR = re.compile(r"var\(--wp--preset--color--([a-z0-9-]{1,40})\)")
# WordPress's default spacing presets, in pixels at a 16px root size.
SPACING_PRESETS = {"20": 7, "30": 11, "40": 16, "50": 24, "60": 36, "70": 54, "80": 81}
LENGTH = re.compile(r"^(\d{1,5}(?:\.\d{1,4})?)(px|rem|em|vh|%)$")
HEX = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")
MEDIA_COLUMNS = re.compile(r"^(?:auto\s+(\S+)|(\S+)\s+auto)$")

# WordPress's block delimiter (its parser's grammar): a name, optional JSON attributes.
BLOCK_COMMENT = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>(?:[a-z][a-z0-9_-]{0,60}/)?[a-z][a-z0-9_-]{0,60})\s+"
    r"(?:(?P<attrs>\{.{0,20000}?\})\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")


def kept_classes(value):
    """The block classes of a class attribute's value, or None when none is left."""
    kept = []
    for name in value.split():
        if (BLOCK_CLASS.fullmatch(name) or GENERATED_CLASS.fullmatch(name)) and name not in kept:
            kept.append(name)
    return " ".join(kept[:MAX_CLASSES]) or None


def classes_for_style(style, classes):
    """The classes that stand for an element's inline style (`classes`: the element's own,
    which say what kind of block it is); everything else of the style is dropped."""
    found = []
    for declaration in unescape(style).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), " ".join(value.lower().split())
        found += _style_classes(name, value, classes)
    return [name for i, name in enumerate(found) if name not in found[:i]]


def _style_classes(name, value, classes):
    if name == "flex-basis" and "wp-block-column" in classes:
        percent = _percent(value)
        return [f"bs-basis-{_nearest(percent, COLUMN_WIDTHS)}"] if percent else []
    if name == "grid-template-columns" and "wp-block-media-text" in classes:
        match = MEDIA_COLUMNS.match(value)
        percent = _percent(match[1] or match[2]) if match else None
        return [f"bs-media-{_nearest(percent, COLUMN_WIDTHS)}"] if percent else []
    if name == "height" and "wp-block-spacer" in classes:
        pixels = _pixels(value)
        return [f"bs-height-{_nearest(pixels, SPACER_HEIGHTS)}"] if pixels else []
    if name == "min-height" and {"wp-block-cover", "wp-block-cover-image"} & set(classes):
        return _cover_height(value)
    if name in ("color", "background-color"):
        slug = _palette_slug(value)
        if slug is None:
            return []
        if name == "color":
            return [f"has-{slug}-color", "has-text-color"]
        return [f"has-{slug}-background-color", "has-background"]
    if name == "text-align" and value in ("left", "center", "right", "justify"):
        return [f"has-text-align-{value}"]
    return []


def _cover_height(value):
    match = LENGTH.match(value)
    if match and match[2] == "vh":
        return [f"bs-min-height-{_nearest(float(match[1]), COVER_VIEWPORT_HEIGHTS)}vh"]
    pixels = _pixels(value)
    return [f"bs-min-height-{_nearest(pixels, COVER_HEIGHTS)}"] if pixels else []


def _nearest(number, choices):
    return min(choices, key=lambda choice: (abs(choice - number), choice))


def _percent(value):
    match = LENGTH.match(value)
    return float(match[1]) if match and match[2] == "%" and 0 < float(match[1]) <= 100 else None


def _pixels(value):
    preset = re.fullmatch(r"var\(--wp--preset--spacing--(\d0)\)", value)
    if preset:
        return SPACING_PRESETS.get(preset[1])
    match = LENGTH.match(value)
    if not match or match[2] not in ("px", "rem", "em"):
        return None
    number = float(match[1]) * (1 if match[2] == "px" else 16)
    return number if number > 0 else None


def _palette_slug(value):
    preset = PRESET_COLOR.fullmatch(value)
    if preset:
        return preset[1] if preset[1] in PALETTE.values() else None
    if not HEX.match(value):
        return None
    if len(value) == 4:
        value = "#" + "".join(2 * digit for digit in value[1:])
    return PALETTE.get(value)


def block_comment(match):
    """A block delimiter re-written from its parts (name, attributes as JSON), or None when
    it is not one: attributes that are not a JSON object, or a closer with attributes."""
    closer, name, attrs, void = match["closer"], match["name"], match["attrs"], match["void"]
    if closer:
        return None if attrs or void else f"<!-- /wp:{name} -->"
    parts = [f"wp:{name}"]
    if attrs:
        try:
            parsed = json.loads(attrs)
        except ValueError:
            return None
        if not isinstance(parsed, dict):
            return None
        parts.append(_serialize_attributes(parsed))
    return "<!-- " + " ".join(parts) + (" /-->" if void else " -->")


def _serialize_attributes(attributes):
    """JSON as WordPress writes it in a comment: no `--`, `<`, `>`, `&` or `"` inside a
    string, so a value can neither end the comment nor an attribute it is shown in."""
    text = json.dumps(attributes, ensure_ascii=False, separators=(",", ":"))
    text = JSON_ESCAPE.sub(lambda m: "\\u0022" if m[1] == '"' else m[0], text)
    for char, escaped in (("--", "\\u002d\\u002d"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return text.replace("&", "\\u0026")
