"""Helpers for the post screen's tests: its URLs, and its form read back as a browser would
submit it (inputs, checked boxes and radios, selected options, textareas)."""

from html.parser import HTMLParser

from django.utils import timezone

POSTS_URL = "/admin/posts/post/"
ADD_URL = f"{POSTS_URL}add/"


def change_url(post):
    return f"{POSTS_URL}{post.pk}/change/"


def post_url(post, suffix):
    return f"{POSTS_URL}{post.pk}/{suffix}"


class _FormValues(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self._textarea = self._select = None
        self._option = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(response, form_id="post_form"):
    """The post form as the browser would send it, `{name: value or [values]}`."""
    assert response.status_code == 200, response.status_code
    parser = _FormValues(form_id)
    parser.feed(response.text)
    return {k: v[0] if len(v) == 1 else v for k, v in parser.values.items()}


def opened_form(client, post=None, **changes):
    """Open the post's screen (or the Add screen), change some fields, ready to submit."""
    data = form_values(client.get(change_url(post) if post else ADD_URL))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def local_parts(moment):
    local = timezone.localtime(moment)
    return {
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }
