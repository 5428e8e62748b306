"""An Author makes an application password in the admin, a tool uses it, the Author revokes it."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)
SHOWN = re.compile(r"is: ((?:[A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4})")


def test_an_author_creates_uses_and_revokes_an_application_password(page, live_server):
    make_user("alice", groups=["Authors"], password="pw-for-tests-123")
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "pw-for-tests-123")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Application passwords").first.click()
    page.get_by_role("link", name=re.compile("Add application password")).click()
    page.fill("#id_name", "MarsEdit")
    page.click("input[name=_save]")

    message = page.locator(".messagelist").inner_text()
    password = SHOWN.search(message).group(1)
    expect(page.locator("#result_list")).to_contain_text("MarsEdit")
    screenshot(page, "application-password-shown-once")
    assert serious_violations(page) == []

    me = f"{live_server.url}/wp-json/wp/v2/users/me"
    assert requests.get(me, auth=("alice", password), timeout=10).json()["slug"] == "alice"

    page.reload()
    expect(page.locator(".messagelist")).to_have_count(0)
    assert password not in page.content()
    page.get_by_role("link", name="MarsEdit").click()
    expect(page.locator("main")).to_contain_text("Last used")
    screenshot(page, "application-password-view")
    page.get_by_role("button", name="Delete").click()
    page.click("input[type=submit]")
    expect(page.locator("#result_list")).to_have_count(0)
    assert requests.get(me, auth=("alice", password), timeout=10).status_code == 401
