import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import Page, expect

from resources.demo import seed_resources
from resources.models import Resource
from tests.factories import TEST_PASSWORD, AdminFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _snapshot_in_tmp(tmp_path, settings):
    settings.RESOURCES_SNAPSHOT_PATH = tmp_path / "help-snapshot.json"


def test_visitor_finds_an_open_crisis_line_in_their_region(page: Page, live_server, axe):
    seed_resources()
    page.goto(live_server.url + "/resources/")
    axe()
    page.get_by_label("Your region").select_option("GB")
    page.get_by_role("button", name="Save region").click()
    expect(page.get_by_text("Your region is saved.")).to_be_visible()
    page.get_by_label("Kind of help").select_option("crisis-line")
    page.get_by_label("Open now").check()
    page.get_by_role("button", name="Show resources").click()
    samaritans = page.locator(".resource-card", has_text="Samaritans")
    expect(samaritans).to_be_visible()
    call = samaritans.get_by_role("link", name=re.compile("^Call"))
    expect(call).to_have_attribute("href", "tel:116123")
    call.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "tel:116123"
    expect(page.locator(".resource-card", has_text="988 Suicide")).to_have_count(0)
    axe()

    page.goto(live_server.url + "/help/")
    first = page.locator(".help-list .card").first
    expect(first).to_contain_text(re.compile("Samaritans|Shout|Riverside"))
    axe()


def test_member_suggests_and_admin_publishes(page: Page, live_server, axe, log_in):
    member = UserFactory(username="birch")
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + "/resources/suggest/")
    axe()
    page.get_by_label("Name of the service or group").fill("Night Owls Chat")
    page.get_by_label("What does it offer?").fill("A late-night peer chat group for people who can't sleep.")
    page.get_by_label("Kind of help").select_option("online-community")
    page.get_by_label("Website (optional)").fill("https://nightowls.example.org")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_text("Thank you. An admin will check your suggestion")).to_be_visible()
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()

    admin = AdminFactory(username="curator", two_factor=False)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    page.context.clear_cookies()
    client_session = _admin_session(admin, live_server)
    page.context.add_cookies([client_session])
    page.goto(live_server.url + "/admin/resources/resource/?suggested=members")
    page.get_by_role("link", name="Night Owls Chat").click()
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert Resource.objects.get(name="Night Owls Chat").status == "published"
    assert [m.to for m in mail.outbox if "Night Owls Chat" in m.subject] == [[member.email]]


def _admin_session(admin, live_server):
    """A session for an admin who has two-factor set up (the TOTP step itself is allauth's)."""
    from django.test import Client

    client = Client()
    client.force_login(admin)
    cookie = client.cookies["sessionid"]
    host = live_server.url.split("//")[1].split(":")[0]
    return {"name": "sessionid", "value": cookie.value, "domain": host, "path": "/"}
