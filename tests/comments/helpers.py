"""Small helpers for the comment tests: send the form as a browser does, read the HTML back."""

import itertools
from html.parser import HTMLParser

from django.utils import timezone

from comments.models import Comment, DiscussionSettings

_ips = itertools.count(1)


def fresh_ip():
    """A new visitor's address, so the 15-second flood rule does not get in the way."""
    n = next(_ips)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def form_token(client, post):
    """What the form's JavaScript fetches: a CSRF token (and cookie) and a signed timestamp."""
    response = client.get(f"/comments/form-token/?post={post.pk}")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def comment_form(client, post, /, **fields):
    """The data a browser sends for the "Leave a Reply" form; a field given as None is left out."""
    token = form_token(client, post)
    data = {
        "post": post.pk,
        "body": "A thoughtful comment.",
        "author_name": "Ann Reader",
        "author_email": "ann@example.com",
        "author_url": "",
        "timestamp": token["timestamp"],
        "csrfmiddlewaretoken": token["csrf"],
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def post_comment(client, post, /, *, ip="127.0.0.1", user_agent="Mozilla/5.0 (tests)", **fields):
    """Post the form for `post` as a fresh browser would, from `ip`."""
    return send_form(client, comment_form(client, post, **fields), ip=ip, user_agent=user_agent)


def send_form(client, data, *, ip="127.0.0.1", user_agent="Mozilla/5.0 (tests)"):
    return client.post("/comments/post/", data, REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)


def make_comment(post, *, minutes_ago=5, **fields):
    """A comment stored directly (approved unless told otherwise), old enough not to flood."""
    fields.setdefault("author_name", "Earlier Reader")
    fields.setdefault("author_email", "earlier@example.com")
    fields.setdefault("body", "<p>An earlier comment.</p>")
    fields.setdefault("status", Comment.Status.APPROVED)
    fields.setdefault("created", timezone.now() - timezone.timedelta(minutes=minutes_ago))
    comment = Comment.objects.create(post=post, **fields)
    Comment.refresh_counts({post.pk})
    return comment


def set_rules(**values):
    """Change the site's discussion settings, as the Discussion screen would."""
    rules = DiscussionSettings.load()
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()
    return rules


# A small HTML tree, enough to check nesting, attributes and text.

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class Element:
    def __init__(self, tag, attrs=(), parent=None):
        self.tag = tag
        self.attrs = {name: (value or "") for name, value in attrs}
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return self.attrs.get("class", "").split()

    @property
    def text(self):
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def by_id(self, element_id):
        return self.find(id=element_id)

    def is_inside(self, other):
        node = self.parent
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, attrs, self.stack[-1]))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text):
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def page_of(response):
    assert response.status_code == 200, response.status_code
    return parse_html(response.text)
