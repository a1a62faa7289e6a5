import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_forgotten_password_on_a_phone_in_our_words(page: Page, live_server, axe):
    member = UserFactory(username="juniper")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_text("Remember Me")).to_have_count(0)
    axe()
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    axe()
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Send me a reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe()

    [email] = mail.outbox
    assert "juniper" in email.body and "Hello from" not in email.body
    page.goto(re.search(r"https?://\S+", email.body).group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    axe()
    page.get_by_label(re.compile(r"^\s*New password\s*\*?\s*$")).fill("a-brand-new-calm-password")
    page.get_by_label("New password, again").fill("a-brand-new-calm-password")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    axe()

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Pseudonym or email").fill("juniper")
    page.get_by_label("Password").fill("a-brand-new-calm-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_text("Welcome, juniper. You're logged in.")).to_be_visible()


def test_account_pages_a_member_opens_from_settings(page: Page, live_server, axe, log_in):
    member = UserFactory(username="alder")
    log_in(member, TEST_PASSWORD)
    for path, heading in [
        ("/accounts/email/", "Your email address"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accounts/sessions/", "Devices you're logged in on"),
        ("/accounts/logout/", "Log out"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe()
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You're logged out. Take care of yourself.")).to_be_visible()
