"""Browser journeys for follow-ups and moderator care, each page checked with axe: a member sets and
cancels a private reminder; a moderator with a suicide-topic opt-out is not offered such items
while another moderator is on shift, is asked first when alone, settles one and is offered a
debrief; an admin reads the measures."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from care.models import Debrief, LookInReminder, TopicOptOut
from care.services import end_shift, start_shift
from moderation.models import ReportReason
from moderation.services import file_report
from tests.e2e.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, AdminFactory, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _member(name, factory=UserFactory, **fields):
    return factory(username=name, date_joined=timezone.now() - timedelta(days=60), **fields)


def _log_in_with_code(page, live_server, user, secret):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text(user.username)


def _with_authenticator(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_member_sets_a_private_reminder_on_a_thread_and_cancels_it(page: Page, live_server, axe, log_in):
    member = _member("fern")
    thread = ThreadFactory(title="First week at the new job")
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Look in on this thread later").select_option(label="In a week")
    page.get_by_role("button", name="Remind me").click()
    expect(page.locator(".messages")).to_contain_text("We'll remind you to look in on this thread on")
    axe()
    assert LookInReminder.objects.get(member=member, thread=thread).due_at > timezone.now() + timedelta(days=6)

    page.locator("details.member-menu summary").click()
    page.get_by_role("link", name="Reminders", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reminders")
    expect(page.get_by_role("link", name="First week at the new job")).to_be_visible()
    axe()
    page.set_viewport_size(PHONE)
    axe(dark_too=False)
    page.get_by_role("button", name=re.compile("^Cancel")).click()
    expect(page.get_by_text("Reminder cancelled.")).to_be_visible()
    assert not LookInReminder.objects.exists()


def test_moderator_with_a_suicide_topic_opt_out_is_not_offered_such_items_while_a_colleague_is_on_shift(
    page: Page, live_server, axe
):
    wren = _member("wren", ModeratorFactory, two_factor=False)
    secret = _with_authenticator(wren)
    heron = _member("heron", ModeratorFactory)
    worried_post = reply_to(ThreadFactory(title="My friend said goodbye"), body="I don't think I'll be around.")
    spam_post = reply_to(ThreadFactory(title="Cheap watches here"), body="Buy now.")

    # Wren sets the opt-out from their shift page.
    _log_in_with_code(page, live_server, wren, secret)
    page.locator("details.member-menu summary").click()
    page.get_by_role("link", name="Moderation queue").click()
    page.get_by_role("link", name="Your shift", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shift")
    axe()
    page.get_by_role("checkbox", name="Suicide").check()
    page.get_by_role("checkbox", name="Self-harm").check()
    page.get_by_label("Until (the end of this day)").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Leave these to others for now").click()
    expect(page.locator(".messages")).to_contain_text("those items stay out of your queue and alerts")
    assert TopicOptOut.objects.get(moderator=wren).topics == ["self-harm", "suicide"]
    axe()

    # Heron is on shift; a member's worry opens an urgent item, and a spam report a plain one.
    start_shift(acting_user=heron)
    file_report(acting_user=_member("linden"), post=worried_post, reason=ReportReason.WORRIED)
    file_report(acting_user=_member("aspen"), post=spam_post, reason=ReportReason.SPAM)
    page.get_by_role("link", name="Back to the queue").click()
    expect(page.get_by_text("Post in “Cheap watches here”")).to_be_visible()
    expect(page.get_by_text("Post in “My friend said goodbye”")).to_have_count(0)
    expect(page.get_by_text("1 item on Self-harm, Suicide is left to others on shift, as you asked.")).to_be_visible()
    axe()

    # Heron ends their shift: nobody else is on, so Wren is asked first.
    end_shift(acting_user=heron)
    page.reload()
    expect(page.get_by_role("heading", name="Nobody else is on shift: can you take these?")).to_be_visible()
    expect(page.get_by_text("Post in “My friend said goodbye”")).to_have_count(0)
    axe()
    page.set_viewport_size(PHONE)
    axe(dark_too=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Yes, show them to me").click()
    expect(page.get_by_text("Post in “My friend said goodbye”")).to_be_visible()

    # Wren takes it, settles it, and is offered a debrief.
    page.locator("li.queue-item", has_text="My friend said goodbye").get_by_role(
        "link", name=re.compile("^Open")
    ).click()
    page.get_by_role("radio", name="No guideline broken: leave it up").check()
    page.get_by_role("button", name="Settle this item").click()
    expect(page.get_by_role("heading", name="You just settled an urgent item")).to_be_visible()
    axe()
    page.get_by_label("How did that go? Anything that stayed with you?").fill("Hard one. I'm okay.")
    page.get_by_role("radio", name="Only me").check()
    page.get_by_role("button", name="Keep this note").click()
    expect(page.get_by_text("Thank you for writing it down.")).to_be_visible()
    assert Debrief.objects.get(moderator=wren).text == "Hard one. I'm okay."


def test_admin_reads_the_measures_for_a_period(page: Page, live_server, axe):
    admin = _member("osprey", AdminFactory, two_factor=False)
    secret = _with_authenticator(admin)
    ThreadFactory(title="Hello everyone")
    _log_in_with_code(page, live_server, admin, secret)
    page.goto(live_server.url + "/moderation/measures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures")
    page.get_by_label("Period").select_option(label="The last 7 days")
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_text("0 of 1 new threads answered by someone else")).to_be_visible()
    axe()
    page.set_viewport_size(PHONE)
    axe(dark_too=False)
