"""Team conversations in the browser: a check-in kept out of hours and on shift, and a question about
a hidden post answered with the appeal link. Desktop and phone sizes; axe on every page."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def _member(name, factory=UserFactory, **fields):
    return factory(username=name, date_joined=timezone.now() - timedelta(days=60), **fields)


def _moderator(name):
    moderator = _member(name, ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    return moderator, secret


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def _log_in_with_code(page, live_server, moderator, secret):
    """As a person would, with the authenticator's code (current_totp_code never types one twice)."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(moderator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text(moderator.username)


@pytest.fixture(autouse=True)
def shipped_saved_replies(db):
    """Browser tests empty every table between tests, the saved replies a data migration ships too:
    put them back as shipped."""
    import importlib

    from django.apps import apps

    importlib.import_module("conversations.migrations.0002_shipped_saved_replies").ship(apps, None)


@pytest.fixture
def crisis_net(shipped_crisis_phrases):
    from resources.services import refresh_help_snapshot
    from tests.factories import ResourceFactory

    ResourceFactory(name="Samaritans", kind="crisis-line", phone="116123", is_24_7=True)
    refresh_help_snapshot()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_check_in_is_kept_out_of_hours_and_on_shift(
    page: Page, live_server, axe, log_in, settings, crisis_net, viewport
):
    from moderation.models import ItemStatus, Lane, ModerationAction, QueueItem

    if viewport:
        page.set_viewport_size(viewport)
    writer = _member("ember")
    thread = ThreadFactory(title="Nights are the worst")
    moderator, secret = _moderator("hazel")

    # Out of staffed hours, a member's crisis post asks for a check-in.
    settings.MODERATION_STAFFED_HOURS = "00:00-00:01"
    log_in(writer, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("I can't go on like this. I don't know who else to tell.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("region", name="Before you post: are you safe right now?")).to_be_visible()
    axe()
    page.get_by_role("button", name="Post, and ask a moderator to check in with me").click()
    expect(page.get_by_text("We've sent you a message with who you can talk to now")).to_be_visible()
    axe()

    # The automatic message is there at once, labelled as automatic, with the crisis lines.
    page.goto(live_server.url + "/messages/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages with the moderators")
    axe()
    page.get_by_role("link", name="A check-in").click()
    expect(page.get_by_text("Automatic message", exact=True)).to_be_visible()
    expect(page.get_by_text("sent automatically, not by a person")).to_be_visible()
    expect(page.locator(".team-message--automatic")).to_contain_text("Samaritans")
    expect(page.locator(".team-message--automatic")).to_contain_text("A person from the team will check in with you")
    axe()
    _log_out(page)

    # On shift, a moderator checks in from the urgent item with the saved reply.
    settings.MODERATION_STAFFED_HOURS = "00:00-00:00"
    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/moderation/")
    page.get_by_role("link", name=re.compile("^Open")).first.click()
    expect(page.get_by_text("A person still needs to check in.")).to_be_visible()
    axe()
    page.get_by_role("link", name="Check in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in with ember")
    expect(page.get_by_label("Message, sent as “the moderator team”")).to_have_value(re.compile("check in with you"))
    axe()
    page.get_by_role("button", name="Send the check-in").click()
    expect(page.get_by_text("Checked in.")).to_be_visible()
    axe()
    item = QueueItem.objects.get(post__author=writer)
    # Settled after the check-in, as a moderator would once they have written.
    page.goto(live_server.url + f"/moderation/items/{item.pk}/")
    page.get_by_role("radio", name="No guideline broken: leave it up").check()
    page.get_by_role("button", name="Settle this item").click()
    assert QueueItem.objects.get(pk=item.pk).status == ItemStatus.RESOLVED
    _log_out(page)

    # The member answers "I'm still struggling".
    log_in(writer, TEST_PASSWORD)
    page.goto(live_server.url + "/messages/")
    page.get_by_role("link", name="A check-in").click()
    expect(page.get_by_text("The moderator team", exact=True).first).to_be_visible()
    expect(page.get_by_text("hazel")).to_have_count(0)
    axe()
    page.get_by_role("radio", name="I'm still struggling").check()
    page.get_by_label("Anything you'd like to add (optional)").fill("Still hard tonight.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("asked the moderators on shift to look again")).to_be_visible()
    axe()
    _log_out(page)

    # The item is urgent again and the moderator is alerted.
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.lane == Lane.URGENT
    assert ModerationAction.objects.filter(verb="check-in-answered", new_value__answer="struggling").exists()
    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_role("link", name=re.compile("still struggling after a check-in"))).to_be_visible()
    axe()
    page.goto(live_server.url + "/moderation/")
    expect(page.locator(".queue-item--urgent")).to_contain_text("still struggling after a check-in")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_member_asks_about_a_hidden_post_and_gets_a_reply_with_the_appeal_link(
    page: Page, live_server, axe, log_in, viewport
):
    from moderation.models import ModerationAction
    from moderation.selectors import guideline_get_current
    from moderation.services import file_report, resolve_item

    if viewport:
        page.set_viewport_size(viewport)
    writer = _member("aspen")
    moderator, secret = _moderator("rowan")
    _member("hazel", ModeratorFactory)
    post = reply_to(ThreadFactory(title="A hard week"), author=writer, body="Meetings are pointless.")
    report, _created = file_report(acting_user=_member("linden"), post=post, reason="spam")
    section = guideline_get_current().sections.get(number=1)
    resolve_item(report.item, acting_user=ModeratorFactory(), action="hide-post", guideline_section=section)
    decision = ModerationAction.objects.get(verb="hide-post", post=post)

    log_in(writer, TEST_PASSWORD)
    page.goto(live_server.url + post.get_absolute_url())
    page.locator(f"#post-{post.pk}").get_by_role("link", name="Message the moderators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Message the moderators")
    axe()
    page.get_by_role("radio", name="A decision about my post or my account").check()
    page.get_by_label("Your message").fill("Why was my post hidden? I didn't mean it unkindly.")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_text("The moderator team will write back to you here.")).to_be_visible()
    axe()
    _log_out(page)

    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/moderation/")
    page.get_by_role("link", name="Conversations with members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversations with members")
    axe()
    page.get_by_role("link", name=re.compile("^aspen")).click()
    # Given to a named colleague, who is told; the conversation page says who has it.
    page.get_by_label("Give it to").select_option(label="hazel")
    page.get_by_role("button", name="Give it to them").click()
    expect(page.get_by_text("Given to hazel, who has been told.")).to_be_visible()
    expect(page.get_by_text("hazel has this conversation.")).to_be_visible()
    axe()
    page.get_by_label("Saved reply").select_option(label="Removal feedback: About your hidden post")
    page.get_by_role("button", name="Use this saved reply").click()
    box = page.get_by_label("Message, sent as “the moderator team”")
    expect(box).to_have_value(re.compile("guideline 1"))
    axe()
    box.fill(box.input_value() + "\n\nThank you for asking us.")
    page.get_by_role("button", name="Send as the moderator team").click()
    expect(page.get_by_text("Sent as the moderator team.")).to_be_visible()
    _log_out(page)

    log_in(writer, TEST_PASSWORD)
    page.goto(live_server.url + "/notifications/")
    page.get_by_role("link", name=re.compile("^The moderator team wrote to you")).click()
    expect(page.get_by_text("Thank you for asking us.")).to_be_visible()
    expect(page.get_by_text("rowan")).to_have_count(0)
    axe()
    page.get_by_role("link", name="Ask another moderator to look again at this decision").click()
    expect(page).to_have_url(re.compile(rf"decision={decision.pk}"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe()
