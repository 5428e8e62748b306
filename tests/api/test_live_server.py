"""Against the real server over HTTP, as a tool on another machine would use it."""

import pytest
import requests

from api.models import ApplicationPassword
from posts.models import Post
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_tool_writes_a_draft_with_basic_auth_and_readers_never_see_it(live_server):
    make_post("Already public")
    author = make_user("alice", groups=["Authors"])
    _, password = ApplicationPassword.objects.issue(author, "Script")
    api = f"{live_server.url}/wp-json/wp/v2"

    created = requests.post(
        f"{api}/posts",
        json={"title": "Over the wire", "content": "<p>Hello</p><script>x()</script>"},
        auth=("alice", password),
        timeout=10,
    )
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["status"] == "draft" and "<script" not in draft["content"]["raw"]

    public = requests.get(f"{api}/posts", timeout=10)
    assert [p["title"]["rendered"] for p in public.json()] == ["Already public"]
    assert public.headers["X-WP-Total"] == "1"
    mine = requests.get(f"{api}/posts?status=draft", auth=("alice", password), timeout=10)
    assert [p["id"] for p in mine.json()] == [draft["id"]]

    wrong = requests.get(f"{api}/users/me", auth=("alice", "nope " * 5), timeout=10)
    assert wrong.status_code == 401 and wrong.json()["code"] == "incorrect_password"

    published = requests.post(
        f"{api}/posts/{draft['id']}",
        json={"status": "publish"},
        auth=("alice", password),
        timeout=10,
    )
    assert published.json()["status"] == "publish"
    assert Post.objects.published().filter(pk=draft["id"]).exists()
    home = requests.get(live_server.url + "/", timeout=10)
    assert "Over the wire" in home.text
    assert 'rel="https://api.w.org/"' in home.headers["Link"]
