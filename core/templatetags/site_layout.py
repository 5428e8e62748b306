"""`{% site_layout %}`: a Django-template page (allauth's) inside the public layout, which is
a Jinja2 template (templates/jinja2/base.html), so the site's header and footer have one
definition. The parts between the tags are the page's title, extra head, content and scripts:

    {% site_layout %}title{% layout_part "head" %}…{% layout_part "content" %}…
    {% layout_part "scripts" %}…{% endsite_layout %}

Blocks inside the parts stay blocks, so a page extending the layout fills them as before.
"""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()

PARTS = ("title", "head", "content", "scripts")


class SiteLayoutNode(template.Node):
    child_nodelists = PARTS

    def __init__(self, parts):
        for name in PARTS:
            setattr(self, name, parts.get(name, template.NodeList()))

    def render(self, context):
        parts = {name: mark_safe(getattr(self, name).render(context).strip()) for name in PARTS}
        layout = get_template("site_layout.html", using="jinja2")
        return layout.render(parts, context.get("request"))


@register.tag
def site_layout(parser, token):
    parts, name = {}, "title"
    while True:
        parts[name] = parser.parse(("layout_part", "endsite_layout"))
        token = parser.next_token()
        if token.contents == "endsite_layout":
            return SiteLayoutNode(parts)
        bits = token.split_contents()
        name = bits[1].strip("\"'") if len(bits) == 2 else ""
        if name not in PARTS or name in parts:
            raise template.TemplateSyntaxError(f"layout_part takes one of {PARTS}, once each")
