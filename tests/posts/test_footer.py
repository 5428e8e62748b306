"""The footer greets a signed-in reader by name with "Log out"; guests' pages stay cached."""

import pytest
from django.test import Client

from tests.comments.helpers import parse_html
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db


def footer(response):
    assert response.status_code == 200
    return parse_html(response.text).find("footer", cls="site-footer")


def test_a_guest_is_offered_to_log_in_and_the_page_is_cached(client):
    post = make_post()
    client.get(post.get_absolute_url())

    response = client.get(post.get_absolute_url())

    assert response["X-Page-Cache"] == "hit"
    part = footer(response)
    assert part.find("a", href="/accounts/login/").text == "Log in"
    assert "Log out" not in part.text and "Signed in as" not in part.text


@pytest.mark.parametrize("url", ["/", "post"])
def test_a_signed_in_reader_sees_who_they_are_and_log_out(client, url):
    post = make_post()
    client.force_login(make_user("lena", first_name="Lena", last_name="Reader"))
    url = post.get_absolute_url() if url == "post" else url

    response = client.get(url)

    part = footer(response)
    assert "Signed in as Lena Reader" in part.text
    assert part.find("a", href="/accounts/login/") is None
    form = part.find("form", cls="site-log-out")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/accounts/logout/")
    assert form.find("input", name="csrfmiddlewaretoken").attrs["value"]
    assert form.find("input", name="next").attrs["value"] == url
    assert "X-Page-Cache" not in response


def test_log_out_in_the_footer_signs_out_and_comes_back(client):
    post = make_post()
    client.force_login(make_user("lena"))
    page = parse_html(client.get(post.get_absolute_url()).text)
    form = page.find("form", cls="site-log-out")
    data = {i.attrs["name"]: i.attrs["value"] for i in form.find_all("input")}

    response = client.post(form.attrs["action"], data)

    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert "Log in" in footer(client.get(post.get_absolute_url())).text


def test_a_signed_in_readers_page_never_reaches_the_guests_cache(client):
    post = make_post()
    client.force_login(make_user("lena", first_name="Lena"))
    client.get(post.get_absolute_url())

    guest = Client().get(post.get_absolute_url())

    assert "Lena" not in guest.text


def test_a_signed_in_reader_is_not_offered_the_dashboard_but_staff_are(client):
    client.force_login(make_user("lena"))
    assert footer(client.get("/")).find("a", href="/admin/") is None

    client.force_login(make_user("editor", staff=True))
    assert footer(client.get("/")).find("a", href="/admin/").text == "Dashboard"
