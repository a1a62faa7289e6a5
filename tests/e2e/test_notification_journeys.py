import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=30))


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def test_reply_rings_the_bell_and_leads_to_the_reply_then_a_break(page: Page, live_server, axe, log_in):
    writer, helper = _member("willow"), _member("harbour")
    thread = ThreadFactory(author=writer, title="First winter without her")

    log_in(helper, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("The first winter is the longest. I'm here if you want to talk.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("The first winter is the longest.")).to_be_visible()
    _log_out(page)

    log_in(writer, TEST_PASSWORD)
    bell = page.get_by_role("link", name=re.compile("^Notifications"))
    expect(bell).to_have_text(re.compile(r"1\s+unread"))
    axe()
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    axe()
    page.get_by_role("link", name="harbour replied in “First winter without her”").click()
    expect(page).to_have_url(re.compile(rf"/threads/{thread.pk}/.*#post-\d+"))
    reply = page.locator("article.post").nth(1)
    expect(reply).to_contain_text("The first winter is the longest.")
    expect(page.get_by_role("link", name=re.compile("^Notifications"))).not_to_contain_text("unread")
    assert [email.to for email in mail.outbox] == [[writer.email]]

    # A break, from the header menu: the banner says so on every page until it ends.
    page.locator("details.member-menu summary").click()
    page.get_by_label("Take a break from notifications").select_option("week")
    page.get_by_role("button", name="Pause").click()
    banner = page.get_by_role("region", name="Your break")
    expect(banner).to_contain_text("You're taking a break.")
    axe()
    page.goto(live_server.url + "/settings/notifications/")
    expect(page.get_by_role("region", name="Your break")).to_be_visible()
    axe()
    page.get_by_role("region", name="Your break").get_by_role("button", name="End my break").click()
    expect(page.get_by_role("region", name="Your break")).to_have_count(0)
    expect(page.get_by_text("Welcome back.")).to_be_visible()
