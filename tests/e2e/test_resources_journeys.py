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

    admin = AdminFactory(username="curator")
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


def test_visitor_on_a_phone_sees_lines_from_several_countries_and_chooses_theirs(page: Page, live_server, axe):
    seed_resources()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/help/")
    lines = page.locator(".help-list .card")
    expect(lines.filter(has_text="Samaritans")).to_have_count(1)
    expect(page.get_by_text("These lines are from several countries.")).to_be_visible()
    picker = page.get_by_label("Your country or region")
    expect(picker).to_be_visible()
    box = picker.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits the phone's width
    axe()

    picker.select_option(label="Ireland")
    page.get_by_role("button", name="Show lines for this region").click()
    expect(page.get_by_text("Showing crisis lines for Ireland first.")).to_be_visible()
    first = page.locator(".help-list .card").first
    expect(first).to_contain_text("Samaritans")
    call = first.get_by_role("link", name="Call 116 123")
    expect(call).to_have_attribute("href", "tel:116123")
    expect(page.get_by_label("Your country or region")).to_have_value("IE")
    axe()

    page.goto(live_server.url + "/resources/")
    expect(page.get_by_label("Your region")).to_have_value("IE")  # the same choice everywhere


def test_member_on_a_phone_picks_their_region_inside_the_crisis_panel_and_keeps_their_words(
    page: Page, live_server, axe, log_in
):
    from moderation.models import WatchedAction, WatchedWord
    from tests.factories import ThreadFactory

    seed_resources()
    WatchedWord.objects.create(phrase=r"\bwant to die\b", is_pattern=True, action=WatchedAction.CRISIS)
    thread = ThreadFactory(title="Nights are the worst")
    member = UserFactory(username="moss")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    words = "Some nights I want to die.\nI don't know who else to tell."
    page.get_by_label("Your message").fill(words)
    page.get_by_role("button", name="Post reply").click()
    panel = page.get_by_role("region", name="Before you post: are you safe right now?")
    expect(panel).to_contain_text("Samaritans")
    expect(panel).to_contain_text("These lines are from several countries.")
    axe()

    panel.get_by_label("Your country or region").select_option(label="Australia")
    panel.get_by_role("button", name="Show lines for this region").click()
    panel = page.get_by_role("region", name="Before you post: are you safe right now?")
    expect(panel).to_contain_text("Showing crisis lines for Australia first.")
    expect(panel.get_by_role("link", name="Call 13 11 14")).to_have_attribute("href", "tel:131114")
    expect(page.get_by_label("Your message")).to_have_value(words)
    assert thread.posts.count() == 1
    axe()
    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_text("I don't know who else to tell.")).to_be_visible()
