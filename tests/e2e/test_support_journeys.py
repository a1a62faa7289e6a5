import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, BoardFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=30))


def test_react_see_who_sent_support_and_mute(page: Page, live_server, axe, log_in):
    author, reader = _member("maple"), _member("cedar")
    thread = ThreadFactory(author=author, title="First week sober")
    noisy = _member("gravel")
    reply_to(thread, author=noisy, body="Sobriety is overrated, just relax.")

    log_in(reader, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    opening = page.locator("article.post").first
    opening.get_by_role("button", name="Sending support").click()
    expect(
        page.locator("article.post").first.get_by_role("button", name=re.compile("Sending support"))
    ).to_have_attribute("aria-pressed", "true")
    axe()

    page.goto(live_server.url + f"/members/{noisy.username}/")
    page.get_by_role("link", name="Mute this member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mute gravel?")
    axe()
    page.get_by_role("button", name="Mute").click()
    page.goto(live_server.url + thread.get_absolute_url())
    collapsed = page.locator("article.post").nth(1)
    expect(collapsed.locator("summary")).to_contain_text("Post from a member you muted")
    expect(collapsed.get_by_text("Sobriety is overrated")).to_be_hidden()
    collapsed.locator("summary").click()
    expect(collapsed.get_by_text("Sobriety is overrated")).to_be_visible()

    page.goto(live_server.url + "/settings/reading/")
    axe()
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()

    log_in(author, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    expect(page.locator("article.post").first).to_contain_text("Sending support: cedar")


def test_waiting_for_a_kind_word_and_search(page: Page, live_server, axe, log_in):
    board = BoardFactory(name="Loneliness", slug="loneliness")
    lonely = ThreadFactory(board=board, title="Nobody to talk to on Sundays")
    helper = _member("fern")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Waiting for a kind word").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for a kind word")
    axe()
    page.get_by_role("link", name="Nobody to talk to on Sundays").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lonely.title)

    log_in(helper, TEST_PASSWORD)
    page.goto(live_server.url + lonely.get_absolute_url())
    page.get_by_label("Your message").fill("Sundays are hard for me too. I'm around if you want to talk.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    page.goto(live_server.url + "/waiting/")
    expect(page.get_by_text("Nobody to talk to on Sundays")).to_have_count(0)

    page.get_by_label("Search the forum").fill("sundays")
    page.get_by_label("Search the forum").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_text("2 results")).to_be_visible()
    axe()
    page.get_by_label("Board").select_option(label="Loneliness")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.get_by_role("link", name="Nobody to talk to on Sundays").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lonely.title)
