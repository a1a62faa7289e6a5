import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from moderation.models import Lane, QueueItem, ReportReason
from moderation.services import file_report
from tests.e2e.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name, factory=UserFactory, **fields):
    return factory(username=name, date_joined=timezone.now() - timedelta(days=60), **fields)


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


@pytest.fixture
def out_of_hours(settings):
    """Moderators are on for one hour, starting two hours from now: it is out of hours, whenever
    the test runs, so two members' reports are enough to hide a post."""
    start = timezone.now() + timedelta(hours=2)
    end = start + timedelta(hours=1)
    settings.MODERATION_STAFFED_HOURS = f"{start:%H}:00-{end:%H}:00"
    settings.MODERATION_TIME_ZONE = "UTC"


def test_out_of_hours_report_that_hides_a_post_then_a_worried_member_reaches_the_urgent_lane(
    page: Page, live_server, axe, log_in, out_of_hours
):
    writer, sharp = _member("heron"), _member("nettle")
    thread = ThreadFactory(author=writer, title="First week without drinking")
    harsh = reply_to(thread, author=sharp, body="You'll fail again, you always do.")
    file_report(acting_user=_member("first_voice"), post=harsh, reason=ReportReason.SPAM)
    second, worried = _member("curlew"), _member("wren")
    moderator = _member("osprey", ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    # A second member reports it; out of hours, their report hides it until a moderator looks.
    log_in(second, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    expect(page.get_by_text("Moderators are back at")).to_be_visible()
    page.locator("article.post").nth(1).get_by_role("link", name=re.compile("^Report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post")
    axe()
    page.get_by_role("radio", name="Spam", exact=True).check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    expect(page.get_by_text("The post is hidden for now while a moderator looks.")).to_be_visible()
    axe()
    page.get_by_role("link", name="Back to where you were").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First week without drinking")
    expect(page.get_by_text("You'll fail again")).to_have_count(0)
    _log_out(page)

    # A third member, who had read the thread, comes back to the report form from their history
    # and tells us they are worried about the person who wrote it.
    log_in(worried, TEST_PASSWORD)
    page.goto(live_server.url + f"/posts/{harsh.pk}/report/")
    expect(page.get_by_text("This post is hidden for now while a moderator looks.")).to_be_visible()
    axe()
    page.get_by_role("radio", name="I'm worried about this person").check()
    page.get_by_label("Anything a moderator should know?").fill("They sound like they are hurting too.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for looking out for someone")
    axe()
    item = QueueItem.objects.get(post=harsh)
    assert item.lane == Lane.URGENT and item.auto_hidden and item.reports.count() == 3
    _log_out(page)

    # The moderator finds it first in the queue, with how many members are worried.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(moderator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(
        page.get_by_role("link", name="Urgent: a member is worried about someone. Please look as soon as you can.")
    ).to_be_visible()
    page.goto(live_server.url + "/moderation/")
    card = page.locator(".queue-item--urgent").first
    expect(card).to_contain_text("1 member is worried about this person")
    axe()
    card.get_by_role("link", name=re.compile("^Open")).click()
    expect(page.get_by_text("1 member is worried about this person.")).to_be_visible()
    expect(page.get_by_text("They sound like they are hurting too.")).to_be_visible()
    axe()
