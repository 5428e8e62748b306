"""The public pages render with Jinja2 (core/templating.py) and read as they did with Django's
templates: dates in the blog's time zone, Django's filters, nothing shown for what is missing,
fragments rendered in Python not escaped twice; allauth's Django-template pages sit inside
the Jinja2 layout (core/templatetags/site_layout.py)."""

from datetime import UTC, datetime

import pytest
from django.template import Template, TemplateSyntaxError, engines
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString
from pytest_django.asserts import assertContains

from tests.conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["base.html", "posts/post_detail.html", "posts/home.html", "comments/_responses.html"],
)
def test_the_reader_pages_are_jinja2_templates(name):
    assert get_template(name).backend.name == "jinja2"


@pytest.mark.parametrize(
    "name", ["admin/base_site.html", "comments/_comment_form.html", "allauth/layouts/base.html"]
)
def test_the_admin_forms_and_sign_in_pages_stay_django_templates(name):
    assert get_template(name).backend.name == "django"


def test_dates_show_in_the_blogs_time_zone(client, settings):
    settings.TIME_ZONE = "America/New_York"
    post = make_post("Late at night", published_at=datetime(2026, 3, 1, 2, 0, tzinfo=UTC))

    response = client.get(post.get_absolute_url())

    assertContains(response, '<time datetime="2026-02-28T21:00:00-0500">February 28, 2026</time>')


def test_django_filters_keep_their_meaning():
    template = engines["jinja2"].from_string(
        "{{ ''|default('none') }}|{{ 2|pluralize }}|{{ 'abcdef'|truncatechars(4) }}|{{ a.b }}."
    )
    # Django's `default` replaces any false value; a missing attribute shows nothing.
    assert template.render({}) == "none|s|abc…|."


def test_a_fragment_rendered_in_python_is_not_escaped_again():
    html = render_to_string("core/_rsd_link.html", {"rsd_url": "/xmlrpc.php?rsd"})

    assert isinstance(html, SafeString)
    assert html == (
        '<link rel="EditURI" type="application/rsd+xml" title="RSD" href="/xmlrpc.php?rsd">'
    )


def test_a_sign_in_page_sits_in_the_layout_with_its_own_title(client, settings):
    response = client.get("/accounts/login/")

    html = response.text
    assert f"<title>Sign In – {settings.BLOG_TITLE}</title>" in html
    assert html.index('class="site-header"') < html.index("<form") < html.index("site-footer")


def test_a_layout_part_must_be_one_of_the_layouts():
    with pytest.raises(TemplateSyntaxError, match="layout_part takes one of"):
        Template(
            '{% load site_layout %}{% site_layout %}{% layout_part "footer" %}{% endsite_layout %}'
        )
