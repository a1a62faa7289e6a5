"""Each post offers the person reading it what the permissions allow, decided once in the selector
(`post.actions`): the author edits and removes, another member reacts, hides and reports."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def test_post_actions_for_the_author_and_for_another_member(page: Page, live_server, axe, log_in):
    author = UserFactory(username="linden", date_joined=timezone.now() - timedelta(days=30))
    reader = UserFactory(username="maple", date_joined=timezone.now() - timedelta(days=30))
    thread = ThreadFactory(author=author, title="Sleep has been hard")

    log_in(author, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    own = page.locator("article.post").first
    expect(own.get_by_role("link", name="Edit your post")).to_be_visible()
    expect(own.get_by_role("link", name="Remove your post")).to_be_visible()
    expect(own.get_by_role("link", name="Report this post")).to_have_count(0)
    expect(own.get_by_role("button", name="Sending support")).to_have_count(0)
    axe()
    own.get_by_role("link", name="Edit your post").click()
    page.get_by_label("Your message").fill("Sleep has been hard. Three nights now.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("article.post").first.get_by_role("link", name="Edit history")).to_be_visible()
    _log_out(page)

    log_in(reader, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    theirs = page.locator("article.post").first
    expect(theirs.get_by_role("link", name="Edit your post")).to_have_count(0)
    expect(theirs.get_by_role("link", name="Edit history")).to_have_count(0)
    expect(theirs.get_by_role("link", name="Report this post")).to_be_visible()
    theirs.get_by_role("button", name="Sending support").click()
    expect(
        page.locator("article.post").first.get_by_role("button", name=re.compile("Sending support"))
    ).to_have_attribute("aria-pressed", "true")
    axe()
    page.locator("article.post").first.get_by_role("button", name="Hide this post for me").click()
    expect(page.get_by_text("You hid this post.")).to_be_visible()
    expect(page.locator("article.post").first.get_by_role("button", name="Hide this post for me")).to_have_count(0)
    axe()
