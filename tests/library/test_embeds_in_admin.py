"""An author who saves a post in the admin learns which of its lone links were not embedded."""

import pytest
from django.contrib.messages import get_messages

from library.models import Embed
from posts.models import Post
from tests.conftest import make_user
from tests.library.conftest import VIDEO_URL
from tests.posts.test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_user("eddie", superuser=True)
    client.force_login(user)
    return user


def saved_through_admin(client, editor, body):
    response = client.post(ADD_URL, form_data(editor, body=body))
    assert response.status_code == 302
    return Post.objects.get(), [str(m) for m in get_messages(response.wsgi_request)]


def test_a_link_that_could_not_be_embedded_is_named_with_the_reason(client, editor, youtube):
    youtube.answer("<html>not json</html>")
    post, notes = saved_through_admin(client, editor, f"<p>{VIDEO_URL}</p>")

    assert f"{VIDEO_URL} was not embedded: the oEmbed answer is not JSON." in notes
    assert f'<a href="{VIDEO_URL}">' in post.body_html


def test_an_embedded_link_brings_no_warning(client, editor, youtube):
    post, notes = saved_through_admin(client, editor, f"<p>{VIDEO_URL}</p>")
    assert not [note for note in notes if "not embedded" in note]
    assert Embed.objects.get().status == Embed.Status.PLAYER
    assert "embed-facade" in post.body_html


def test_the_admin_lists_what_providers_said_and_why_a_link_failed(client, editor, youtube):
    youtube.answer("<html>not json</html>")
    saved_through_admin(client, editor, f"<p>{VIDEO_URL}</p>")
    embed = Embed.objects.get()

    listing = client.get("/admin/library/embed/")
    detail = client.get(f"/admin/library/embed/{embed.pk}/change/")

    assert listing.status_code == 200 and VIDEO_URL in listing.content.decode()
    assert "the oEmbed answer is not JSON" in detail.content.decode()
    assert client.get("/admin/library/embed/add/").status_code == 403
