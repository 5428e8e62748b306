"""Code blocks with a language, coloured once on save by Pygments.

`<pre><code class="language-python">` (as editors and Markdown write it) gets
Pygments' token spans with CSS classes, never inline styles, so the page's CSP
stays strict; `static/css/code.css` colours them. A language Pygments does not
know, or a block without one, is left as it was.
"""

import re
from html import unescape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_BLOCK = re.compile(
    r'<pre>\s*<code class="(?P<classes>[^"]*\blanguage-(?P<language>[\w+#.-]{1,40})[^"]*)">'
    r"(?P<code>.*?)</code>\s*</pre>",
    re.IGNORECASE | re.DOTALL,
)
FORMATTER = HtmlFormatter(nowrap=True)
# The CSS class of the wrapper; code.css is written for it (HtmlFormatter().get_style_defs).
WRAPPER = "highlight"


def highlight_code(html):
    return CODE_BLOCK.sub(_highlighted, html)


def _highlighted(match):
    try:
        lexer = get_lexer_by_name(match["language"].lower(), stripnl=False)
    except ClassNotFound:
        return match.group(0)
    if "<" in match["code"]:  # markup inside the block (links, emphasis): keep it as written
        return match.group(0)
    spans = highlight(unescape(match["code"]), lexer, FORMATTER)
    return (
        f'<div class="{WRAPPER}"><pre><code class="{match["classes"]}">{spans.rstrip(chr(10))}'
        "</code></pre></div>"
    )
