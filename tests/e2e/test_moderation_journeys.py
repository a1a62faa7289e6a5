import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import timezone
from playwright.sync_api import Page, expect

from moderation.models import QueueItem
from tests.factories import TEST_PASSWORD, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name, factory=UserFactory):
    return factory(username=name, date_joined=timezone.now() - timedelta(days=60))


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def test_report_is_claimed_and_hidden_and_both_members_are_told(page: Page, live_server, axe, log_in):
    writer, harsh, reporter = _member("aspen"), _member("flint"), _member("linden")
    thread = ThreadFactory(author=writer, title="Scared of my first meeting")
    reply_to(thread, author=harsh, body="Meetings are for weak people. Just stop drinking.")
    moderator = _member("rowan", ModeratorFactory)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    # A member reports the harsh reply under guideline 1.
    log_in(reporter, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.locator("article.post").nth(1).get_by_role("link", name=re.compile("^Report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post")
    axe()
    page.get_by_role("radio", name=re.compile(r"^1\. ")).check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("A moderator will look at it")).to_be_visible()
    _log_out(page)

    # A moderator signs in with their authenticator code, claims the item and hides the post.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(moderator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Sign In").click()
    page.locator("details.member-menu summary").click()
    page.get_by_role("link", name="Moderation queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    axe()
    page.get_by_role("link", name=re.compile("^Open")).first.click()
    page.get_by_role("button", name="Claim it").click()
    expect(page.get_by_text("You have this item.")).to_be_visible()
    axe()
    page.get_by_role("radio", name="Hide the post (the author is told which guideline)").check()
    page.get_by_label("Guideline", exact=True).select_option(index=1)
    page.get_by_role("button", name="Settle this item").click()
    expect(page.get_by_text("Everyone concerned has been told.")).to_be_visible()
    assert QueueItem.objects.get().status == "resolved"
    _log_out(page)

    # The author is told which guideline, kindly, and still sees their post.
    log_in(harsh, TEST_PASSWORD)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("link", name=re.compile("A moderator hid your post")).click()
    expect(page.get_by_text("Hidden by a moderator: only you and moderators can see it.")).to_be_visible()
    expect(page.get_by_text("Meetings are for weak people.")).to_be_visible()
    _log_out(page)

    # The reporter hears the outcome, without details about the other member.
    log_in(reporter, TEST_PASSWORD)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(
        page.get_by_role("link", name=re.compile("^We reviewed the post you reported and took action"))
    ).to_be_visible()
    axe()
