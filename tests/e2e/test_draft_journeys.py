"""Words never lost or left behind: drafts on a shared device, a session that ends mid-reply,
Quick exit leaving nothing in the browser, and a long paste that is counted, never cut."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from forums.models import Post, Thread
from tests.factories import TEST_PASSWORD, BoardFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)

SITE_STORAGE = "() => [localStorage.length, sessionStorage.length]"
DRAFT_KEYS = "() => Object.keys(localStorage).filter((key) => key.startsWith('safespace-draft:'))"


def _settled_member():
    return UserFactory(date_joined=timezone.now() - timedelta(days=30))


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in")).to_be_visible()


def _draft_keys(page):
    page.wait_for_load_state("load")  # deferred scripts (site.js) have run by then
    return page.evaluate(DRAFT_KEYS)


def _site_storage(page):
    page.wait_for_load_state("load")
    return page.evaluate(SITE_STORAGE)


def _wait_for_draft(page, count=1):
    page.wait_for_function(f"() => ({DRAFT_KEYS})().length >= {count}")


def test_shared_device_shows_nothing_of_one_member_to_the_next(
    page: Page, live_server, axe, log_in, shipped_crisis_phrases
):
    board = BoardFactory(name="Grief & loss", slug="grief-loss")
    thread = ThreadFactory(board=board, author=_settled_member(), title="First winter without her")
    first, second = _settled_member(), _settled_member()

    log_in(first, TEST_PASSWORD)
    # A posts a thread...
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Title").fill("Some nights")
    page.get_by_label("Your message").fill("Some nights I want to die.")
    page.get_by_role("button", name="Post thread").click()
    # The crisis panel asks first; the member posts as written.
    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Some nights")
    assert _draft_keys(page) == []  # the server confirmed it: its draft is gone
    # ...and leaves an anonymous reply unsent.
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("I miss her every single day.")
    page.get_by_label("Reply anonymously").check()
    _wait_for_draft(page)
    _log_out(page)
    # Log out wiped everything; the only entry since is htmx noting the page now open ("/").
    page.wait_for_load_state("load")
    assert page.evaluate("() => localStorage.length") == 0
    assert page.evaluate("() => Object.entries(sessionStorage)") in ([], [["htmx-current-path-for-history", "/"]])

    log_in(second, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.get_by_label("Title")).to_have_value("")
    expect(page.get_by_text("We restored your unsent draft.")).to_have_count(0)
    page.goto(live_server.url + thread.get_absolute_url())
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.get_by_label("Reply anonymously")).not_to_be_checked()
    expect(page.get_by_text("We restored your unsent draft.")).to_have_count(0)
    axe()


def test_a_draft_left_by_a_session_that_simply_ended_is_wiped_for_the_next_member(page: Page, live_server, log_in):
    thread = ThreadFactory(author=_settled_member())
    first, second = _settled_member(), _settled_member()
    log_in(first, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("Words nobody else should read.")
    page.get_by_label("Reply anonymously").check()
    _wait_for_draft(page)
    page.context.clear_cookies()  # the session ends without logging out

    log_in(second, TEST_PASSWORD)
    assert _draft_keys(page) == []
    page.goto(live_server.url + thread.get_absolute_url())
    expect(page.get_by_label("Your message")).to_have_value("")


def test_unsent_anonymous_reply_comes_back_to_its_author_with_the_anonymous_choice(page: Page, live_server, log_in):
    thread = ThreadFactory(author=_settled_member())
    member = _settled_member()
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("Only me, quietly.")
    page.get_by_label("Reply anonymously").check()
    _wait_for_draft(page)
    page.goto(live_server.url + "/")
    page.goto(live_server.url + thread.get_absolute_url())
    expect(page.get_by_text("We restored your unsent draft.")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value("Only me, quietly.")
    expect(page.get_by_label("Reply anonymously")).to_be_checked()


def test_posting_at_once_after_typing_leaves_no_draft_to_restore(page: Page, live_server, log_in):
    """No debounce race: the post is sent before the delayed save would have run."""
    board = BoardFactory()
    member = _settled_member()
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")

    def slow_post(route):
        # A slow connection: the delayed save would fire while the post is on its way.
        if route.request.method == "POST":
            time.sleep(1)
        route.fallback()

    page.route("**/new/", slow_post)
    page.get_by_label("Title").fill("Quickly")
    page.get_by_label("Your message").fill("Sent straight away.")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quickly")
    page.wait_for_timeout(700)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.get_by_text("We restored your unsent draft.")).to_have_count(0)
    assert _draft_keys(page) == []


def test_a_refused_post_keeps_its_draft_until_the_server_has_it(page: Page, live_server, log_in):
    board = BoardFactory()
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Your message").fill("A post without a title yet.")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_text("Please give your thread a title")).to_be_visible()
    assert len(_draft_keys(page)) == 1  # refused: nothing confirmed, the draft stays
    page.get_by_label("Title").fill("Now with a title")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Now with a title")
    assert _draft_keys(page) == []


def test_session_ended_in_another_tab_mid_reply_the_text_is_back_after_logging_in(page: Page, live_server, axe, log_in):
    thread = ThreadFactory(author=_settled_member(), title="Can't sleep again")
    member = _settled_member()
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    words = "Same here. I lie awake and count the hours.\nIt helps a little to know I'm not alone."
    page.get_by_label("Your message").fill(words)

    other_tab = page.context.new_page()
    other_tab.goto(live_server.url + "/")
    _log_out(other_tab)
    other_tab.close()

    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your words are safe")
    expect(page.get_by_label("Your message")).to_have_value(words)
    axe()
    page.get_by_role("link", name="Log in to finish posting").click()
    page.get_by_label("Pseudonym or email").fill(member.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("^(Sign In|Log in)$", re.IGNORECASE)).click()

    expect(page.get_by_text("Your words are in the box below")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value(words)
    axe()
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text(words.splitlines()[0])).to_be_visible()
    assert Post.objects.filter(thread=thread, author=member).count() == 1


@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_leaves_no_site_data_in_the_browser(page: Page, live_server, allowed_hosts, log_in, how):
    allowed_hosts.add("weather.com")
    board = BoardFactory()
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Your message").fill("Nobody should find this.")
    _wait_for_draft(page)
    page.evaluate("() => sessionStorage.setItem('safespace-test', '1')")
    assert _site_storage(page) != [0, 0]

    if how == "button":
        page.get_by_role("link", name=re.compile("^Quick exit")).click()
    else:
        page.locator("body").click(position={"x": 5, "y": 300})
        for _ in range(3):
            page.keyboard.press("Shift")
    expect(page).to_have_url("https://weather.com/")

    # Same tab, same origin: sessionStorage would still be there if Quick exit had left it.
    page.goto(live_server.url + "/help/staying-safe/")
    assert _site_storage(page) == [0, 0]


def test_pasting_25000_characters_is_counted_and_nothing_is_cut(page: Page, live_server, axe, log_in):
    board = BoardFactory()
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_text("0 of 20,000 characters")).to_be_visible()
    long_text = ("Everything I never said out loud. " * 800)[:25_000]
    page.get_by_label("Title").fill("All of it")
    page.get_by_label("Your message").fill(long_text)  # what a paste does: the whole value at once

    expect(page.get_by_text(re.compile(r"25,000 characters: 5,000 over the limit of 20,000"))).to_be_visible()
    assert len(page.get_by_label("Your message").input_value()) == 25_000
    axe()
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_text("Your post is a little long for one message")).to_be_visible()
    assert len(page.get_by_label("Your message").input_value()) == 25_000
    assert not Thread.objects.filter(title="All of it").exists()


def test_dont_keep_drafts_on_this_device_wipes_and_stores_nothing(page: Page, live_server, axe, log_in):
    board = BoardFactory()
    member = _settled_member()
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Your message").fill("A draft from before.")
    _wait_for_draft(page)

    page.goto(live_server.url + "/settings/reading/")
    axe()
    page.get_by_label("Don't keep drafts on this device").check()
    page.get_by_role("button", name="Save draft setting").click()
    expect(page.get_by_text("Drafts are no longer kept")).to_be_visible()
    assert _draft_keys(page) == []

    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_label("Your message")).to_have_value("")
    page.get_by_label("Your message").fill("Not kept anywhere.")
    page.wait_for_timeout(700)
    assert _draft_keys(page) == []


def test_escape_closes_the_account_menu_and_returns_focus(page: Page, live_server, log_in):
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + "/guidelines/")
    summary = page.locator("details.member-menu summary")
    summary.click()
    expect(page.locator("details.member-menu")).to_have_attribute("open", "")
    page.get_by_role("link", name="Your profile").focus()
    page.keyboard.press("Escape")
    expect(page.locator("details.member-menu")).not_to_have_attribute("open", "")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_quick_exit_never_covers_the_page_on_a_phone(page: Page, live_server, log_in):
    page.set_viewport_size({"width": 390, "height": 844})
    thread = ThreadFactory(author=_settled_member())
    for number in range(6):
        reply_to(thread, body=f"Reply {number}, long enough to fill a phone screen with a few lines of text.")
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())

    def bar_bottom():
        return page.evaluate("document.querySelector('.quick-exit-nav').getBoundingClientRect().bottom")

    # At the top, everything else starts below the bar.
    assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().top") >= bar_bottom() - 1
    # Scrolled to the composer and typing: the field is fully below the bar, never under it.
    box = page.get_by_label("Your message")
    box.focus()
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert top >= bar_bottom()
    # The bar itself stays in view (sticky), reachable with a thumb.
    page.mouse.wheel(0, 2000)
    assert 0 <= page.evaluate("document.querySelector('.quick-exit').getBoundingClientRect().top") < 60


def test_staying_safe_online_from_quick_exit_on_a_phone(page: Page, live_server, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/help/")
    quick_exit = page.get_by_role("navigation", name="Leave this site quickly")
    quick_exit.get_by_role("link", name="Staying safe online").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staying safe online")
    expect(page.get_by_role("heading", name="Clear your history")).to_be_visible()
    axe()


def test_an_expired_form_gets_our_calm_page(page: Page, live_server, axe, log_in):
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + "/settings/reading/")
    page.get_by_label("Add a word or phrase to hide").fill("anniversary")
    # What a form left open across a log in elsewhere carries: a token the server no longer accepts.
    page.evaluate(
        "() => document.querySelectorAll('[name=csrfmiddlewaretoken]').forEach((f) => { f.value = 'x'.repeat(64); })"
    )
    page.get_by_role("button", name="Hide this word").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Please try that again")
    expect(page.get_by_role("link", name="Back to the page you were on")).to_be_visible()
    axe()


def test_drafts_older_than_three_days_are_gone(page: Page, live_server, log_in):
    board = BoardFactory()
    log_in(_settled_member(), TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Your message").fill("Written a while ago.")
    _wait_for_draft(page)
    # Age the draft as if it had waited four days.
    page.evaluate(
        """() => Object.keys(localStorage).forEach((key) => {
            const draft = JSON.parse(localStorage.getItem(key));
            draft.savedAt = Date.now() - 4 * 24 * 60 * 60 * 1000;
            localStorage.setItem(key, JSON.stringify(draft));
        })"""
    )
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_label("Your message")).to_have_value("")
    assert _draft_keys(page) == []


def test_posted_words_are_not_restored_when_the_page_after_posting_was_left_at_once(
    page: Page, live_server, log_in
):
    board = BoardFactory()
    member = _settled_member()
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Title").fill("Can't sleep")
    page.get_by_label("Your message").fill("Lying awake again and my mind won't stop.")
    _wait_for_draft(page)
    kept = page.evaluate(f"() => ({DRAFT_KEYS})().map((key) => [key, localStorage.getItem(key)])")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Can't sleep")
    # As if the member had left this page before its deferred script removed the draft.
    page.evaluate("(kept) => kept.forEach(([key, value]) => localStorage.setItem(key, value))", kept)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.get_by_text("We restored your unsent draft.")).to_have_count(0)
    assert _draft_keys(page) == []
