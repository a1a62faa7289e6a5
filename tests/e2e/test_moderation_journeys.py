import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from moderation.models import QueueItem
from tests.e2e.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name, factory=UserFactory, **fields):
    return factory(username=name, date_joined=timezone.now() - timedelta(days=60), **fields)


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def test_report_hide_appeal_and_restore_by_another_moderator(page: Page, live_server, axe, log_in):
    writer, harsh, reporter = _member("aspen"), _member("flint"), _member("linden")
    thread = ThreadFactory(author=writer, title="Scared of my first meeting")
    reply_to(thread, author=harsh, body="Meetings are for weak people. Just stop drinking.")
    moderator = _member("rowan", ModeratorFactory, two_factor=False)
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
    expect(page.get_by_text("Your report has reached the moderators")).to_be_visible()
    _log_out(page)

    # A moderator signs in with their authenticator code, claims the item and hides the post.
    _log_in_with_code(page, live_server, moderator, secret)
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
    expect(page.get_by_text("Everyone who reported it has been told the outcome.")).to_be_visible()
    assert QueueItem.objects.get().status == "resolved"
    _log_out(page)

    # The author is told which guideline, kindly, and still sees their post.
    log_in(harsh, TEST_PASSWORD)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("link", name=re.compile("A moderator hid your post")).click()
    expect(page.get_by_text("Hidden by a moderator because of guideline 1")).to_be_visible()
    expect(page.get_by_text("Meetings are for weak people.")).to_be_visible()
    # They ask for the decision to be looked at again.
    page.get_by_role("link", name="Ask for this decision to be looked at again").click()
    axe()
    page.get_by_label("Why should we look again?").fill("I was angry. I've rewritten it kindly.")
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_text("Another moderator will look again")).to_be_visible()
    _log_out(page)

    # A different moderator reverses the decision.
    second = _member("sorrel", ModeratorFactory, two_factor=False)
    second_secret = generate_totp_secret()
    TOTP.activate(second, second_secret)
    _log_in_with_code(page, live_server, second, second_secret)
    page.goto(live_server.url + "/moderation/appeals/")
    expect(page.get_by_text("I was angry. I've rewritten it kindly.")).to_be_visible()
    axe()
    page.get_by_role("radio", name="Reverse the decision").check()
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Decided. The member has been told.")).to_be_visible()
    _log_out(page)

    # The reporter hears the outcome, without details about the other member.
    log_in(reporter, TEST_PASSWORD)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(
        page.get_by_role("link", name=re.compile("^We reviewed the post you reported and took action"))
    ).to_be_visible()
    axe()


def _log_in_with_code(page, live_server, moderator, secret):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(moderator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Log in", exact=True).click()


def test_crisis_post_shows_help_posts_anyway_and_waits_blurred_in_the_urgent_lane(page: Page, live_server, axe, log_in):
    from moderation.models import WatchedAction, WatchedWord
    from resources.services import refresh_help_snapshot
    from tests.factories import ResourceFactory

    WatchedWord.objects.create(phrase=r"\bwant to die\b", is_pattern=True, action=WatchedAction.CRISIS)
    ResourceFactory(name="Samaritans", kind="crisis-line", phone="116123", is_24_7=True)
    refresh_help_snapshot()
    writer = _member("ember")
    thread = ThreadFactory(title="Nights are the worst")
    moderator = _member("hazel", ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    log_in(writer, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("Some nights I want to die. I don't know who else to tell.")
    page.get_by_role("button", name="Post reply").click()
    panel = page.get_by_role("region", name="Before you post: are you safe right now?")
    expect(panel).to_contain_text("Samaritans")
    expect(page.get_by_label("Your message")).to_have_value("Some nights I want to die. I don't know who else to tell.")
    axe()
    page.get_by_role("button", name="Post, and ask a moderator to check in with me").click()
    expect(page.get_by_text("We've asked the moderators to look at your post first.")).to_be_visible()
    expect(page.get_by_text("I don't know who else to tell.")).to_be_visible()
    _log_out(page)

    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/moderation/")
    item = page.locator(".queue-item--urgent")
    expect(item).to_contain_text("asked for a check-in")
    expect(item.get_by_text("Some nights I want to die.")).to_be_hidden()  # blurred until chosen
    axe()
    item.get_by_text("Distressing content: show it").click()
    expect(item.get_by_text("Some nights I want to die.")).to_be_visible()


def test_remaining_moderation_and_email_pages_pass_axe(page: Page, live_server, axe, log_in):
    """Pages the journeys above do not pass through, checked as the person who uses each sees it."""
    from forums.notifications.email import unsubscribe_token

    reporter = _member("willowherb")
    thread = ThreadFactory(title="Can't cope tonight")
    worrying = reply_to(thread, author=_member("bramble"), body="I can't do this anymore.", is_anonymous=True)

    log_in(reporter, TEST_PASSWORD)
    page.goto(live_server.url + f"/posts/{worrying.pk}/report/")
    page.get_by_role("radio", name="I'm worried about this person").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for looking out for someone")
    axe()
    page.goto(live_server.url + "/settings/notifications/")
    axe()
    page.goto(live_server.url + f"/email/unsubscribe/{unsubscribe_token(reporter, 'reply')}/")
    expect(page.get_by_role("button", name="Stop these emails")).to_be_visible()
    axe()
    _log_out(page)

    moderator = _member("alder", ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + f"/moderation/posts/{worrying.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate a post")
    axe()
    page.get_by_label("Why do you need to know who wrote this?").fill("Worried report: checking in.")
    page.get_by_role("button", name="Show me who wrote it").click()
    expect(page.get_by_text("This post was written by")).to_contain_text("bramble")
    axe()
    page.goto(live_server.url + "/moderation/members/bramble/")
    expect(page.get_by_text("Suggested from their history: 24 hours.")).to_be_visible()
    axe()
