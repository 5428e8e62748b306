"""The post page's templates look up only what their context has: each failed lookup costs
an exception (and a `dir()`) on every uncached request.

Only the blog's own templates are held to it: crispy-forms' field templates look up
variables they are not always given (the comment form, which anonymous pages render
once per version and signed-in pages on each request)."""

import pytest
from django.conf import settings
from django.template import base

from tests.comments.helpers import make_comment
from tests.comments.test_post_page_html import held_url
from tests.conftest import clear_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_lookups(monkeypatch):
    """Every variable a template looked up and did not find, as `name (template)`."""
    failed = []
    resolve = base.Variable._resolve_lookup

    def recording(variable, context):
        try:
            return resolve(variable, context)
        except base.VariableDoesNotExist:
            template = context.render_context.template
            name = str(template.origin.name) if template else "?"
            if name.startswith(str(settings.BASE_DIR)) and ".venv" not in name:
                failed.append(f"{variable.var} ({name})")
            raise

    monkeypatch.setattr(base.Variable, "_resolve_lookup", recording)
    return failed


def test_the_post_page_for_a_guest_looks_up_no_missing_variable(client, discussed, failed_lookups):
    clear_cache()
    assert client.get(discussed["post"].get_absolute_url()).status_code == 200

    assert failed_lookups == [], "\n".join(failed_lookups)


def test_the_post_page_for_a_guest_with_a_held_comment_looks_up_no_missing_variable(
    client, discussed, failed_lookups
):
    assert client.get(held_url(discussed)).status_code == 200

    assert failed_lookups == [], "\n".join(failed_lookups)


def test_the_post_page_for_a_signed_in_reader_looks_up_no_missing_variable(
    client, discussed, failed_lookups
):
    client.force_login(discussed["reader"])
    ann = discussed["comments"]["ann"]

    assert (
        client.get(f"{discussed['post'].get_absolute_url()}?replytocom={ann.pk}").status_code == 200
    )

    assert failed_lookups == [], "\n".join(failed_lookups)


def test_storing_a_comment_looks_up_no_missing_variable(discussed, failed_lookups):
    make_comment(discussed["post"], author_name="Late")

    assert failed_lookups == [], "\n".join(failed_lookups)
