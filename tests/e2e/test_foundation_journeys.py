import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def boards():
    return [BoardFactory(name="Anxiety", slug="anxiety"), BoardFactory(name="Grief & loss", slug="grief-loss")]


def test_sign_up_verify_log_in_see_boards_and_log_out(page: Page, live_server, axe, boards):
    page.goto(live_server.url + "/")
    axe()
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Safe Space")
    axe()

    page.get_by_label("Pseudonym").fill("quiet_river")
    page.get_by_label("Email").fill("river@example.com")
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(TEST_PASSWORD)
    page.get_by_label("Password (again)").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Join", exact=True).click()

    # Forgetting the guidelines box keeps everything typed and explains kindly.
    expect(page.get_by_text("Please read and agree to the community guidelines to join.")).to_be_visible()
    expect(page.get_by_label("Pseudonym")).to_have_value("quiet_river")
    expect(page.get_by_label("Email")).to_have_value("river@example.com")
    axe()
    page.get_by_label(re.compile(r"^\s*Password\s*\*?\s*$")).fill(TEST_PASSWORD)
    page.get_by_label("Password (again)").fill(TEST_PASSWORD)
    page.get_by_label("I have read and agree to the community guidelines.").check()
    page.get_by_role("button", name="Join", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    axe()
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    axe()
    page.get_by_role("button", name="Yes, confirm it").click()

    expect(page.get_by_role("navigation", name="Your account")).to_contain_text("quiet_river")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Anxiety")).to_be_visible()
    expect(page.get_by_role("link", name="Grief & loss")).to_be_visible()
    axe()

    page.get_by_text("quiet_river").click()  # the member menu (<details>)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in")).to_be_visible()


def _serve_neutral_site(page, allowed_hosts):
    allowed_hosts.add("weather.com")


def test_quick_exit_button_replaces_the_page_without_history(page: Page, live_server, allowed_hosts, boards):
    _serve_neutral_site(page, allowed_hosts)
    page.goto(live_server.url + "/guidelines/")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Quick exit")).click()
    expect(page).to_have_url("https://weather.com/")
    page.go_back()
    # location.replace() swapped out the forum page: Back lands on the page before it, never on "/".
    assert page.url != live_server.url + "/"


def test_pressing_shift_three_times_leaves_at_once(page: Page, live_server, allowed_hosts):
    _serve_neutral_site(page, allowed_hosts)
    page.goto(live_server.url + "/help/")
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(page).to_have_url("https://weather.com/")


def test_typing_capital_letters_is_not_a_quick_exit(page: Page, live_server, allowed_hosts):
    _serve_neutral_site(page, allowed_hosts)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").click()
    for _ in range(3):
        page.keyboard.press("Shift+A")
    expect(page.get_by_label("Pseudonym or email")).to_have_value("AAA")
    assert page.url.startswith(live_server.url)


def test_header_is_usable_with_the_keyboard_alone(page: Page, live_server, log_in):
    member = UserFactory()
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + "/guidelines/")

    expected = [
        "Skip to main content",
        "Quick exit",
        "Staying safe online",
        "Safe Space",
        "Boards",
        "Guidelines",
        "Resources",
        "Get help now",
    ]
    for name in expected:
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText.trim()")
        assert focused.startswith(name), f"expected focus on {name!r}, got {focused!r}"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"{name} has no visible focus indicator"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Search"
    page.keyboard.press("Tab")  # the bell
    assert page.evaluate("document.activeElement.innerText.trim()") == "Notifications"
    page.keyboard.press("Tab")  # the member menu's summary
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    for name in (
        "Your profile", "My threads", "Following", "Reminders", "Notifications", "Message the moderators", "Settings"
    ):
        assert page.evaluate("document.activeElement.innerText.trim()") == name
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "header-break-length"  # take a break: how long
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Pause"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText.trim()") == "Log out"

    page.goto(live_server.url + "/guidelines/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/boards/anxiety/",
        "/guidelines/",
        "/help/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_public_pages_have_no_accessibility_violations(page: Page, live_server, axe, boards, path):
    page.goto(live_server.url + path)
    axe()


@pytest.mark.parametrize(
    "path",
    [
        "/settings/",
        "/settings/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/sessions/",
        "PROFILE",
        "OTHER_PROFILE",
    ],
)
def test_member_pages_have_no_accessibility_violations(page: Page, live_server, axe, log_in, path):
    member = UserFactory(bio="Finding my feet.")
    other = UserFactory()
    log_in(member, TEST_PASSWORD)
    path = {"PROFILE": f"/members/{member.username}/", "OTHER_PROFILE": f"/members/{other.username}/"}.get(path, path)
    response = page.goto(live_server.url + path)
    assert response.status == 200
    axe()
