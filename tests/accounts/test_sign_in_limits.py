"""Starting a Mastodon or IndieAuth sign-in makes the blog reach a stranger's server:
each address may start only a few a minute."""

import pytest
from django.urls import reverse

from accounts.providers.indieauth.views import SIGN_INS_PER_MINUTE as INDIEAUTH_LIMIT
from accounts.providers.mastodon.views import SIGN_INS_PER_MINUTE as MASTODON_LIMIT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "field", "limit"),
    [
        ("mastodon_sign_in", "instance", MASTODON_LIMIT),
        ("indieauth_sign_in", "url", INDIEAUTH_LIMIT),
    ],
)
def test_an_address_starting_too_many_sign_ins_is_told_to_wait(client, url_name, field, limit):
    url = reverse(url_name)
    for _ in range(limit):
        assert client.post(url, {field: "localhost"}).status_code != 429

    assert client.post(url, {field: "localhost"}).status_code == 429
    assert client.post(url, {field: "localhost"}, REMOTE_ADDR="192.0.2.9").status_code != 429
