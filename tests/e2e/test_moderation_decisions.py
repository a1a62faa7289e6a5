"""A moderator, signed in with a real authenticator code, takes a held post, a post members'
reports hid and an urgent item from the queue to a finished decision; then the author and a
reporter read what happened. A new member's posts wait together, shown to them in full with help
beside them, and one approval publishes them all. axe on every page on the way."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from forums.models import Notification, NotificationKind, Post
from moderation.models import ItemStatus, QueueItem, ReportReason
from moderation.services import file_report
from tests.e2e.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name, factory=UserFactory, **fields):
    return factory(username=name, date_joined=timezone.now() - timedelta(days=60), **fields)


def _log_in_with_code(page, live_server, moderator, secret):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(moderator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.IGNORECASE)).click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name=re.compile("Sign In|Log in|Confirm", re.IGNORECASE)).click()


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def _open_card(page, text):
    card = page.locator("li.queue-item").filter(has_text=text)
    card.get_by_role("link", name=re.compile("^Open")).first.click()


def test_moderator_settles_held_hidden_and_urgent_items_from_the_queue(page: Page, live_server, axe, log_in, settings):
    from forums.services.posts import create_reply

    settings.MODERATION_HOLD_FIRST_POST = True
    thread = ThreadFactory(title="Evenings are hard")
    newcomer = UserFactory(username="newleaf")
    held = create_reply(thread, acting_user=newcomer, body="First time here. Evenings are the worst for me.")
    Post.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    waiting_too = create_reply(thread, acting_user=newcomer, body="Sorry, one more thing: thank you all.")
    harsh = reply_to(thread, author=_member("flint"), body="Nobody wants to hear this. Toughen up.")
    reporters = [_member(name) for name in ("aspen", "birch", "cedar")]
    for reporter in reporters:
        file_report(acting_user=reporter, post=harsh, reason=ReportReason.SPAM)
    worrying = reply_to(ThreadFactory(title="Tired"), author=_member("ember"), body="I can't keep doing this.")
    worried = _member("linden")
    file_report(acting_user=worried, post=worrying, reason=ReportReason.WORRIED)
    moderator = _member("rowan", ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    expect(page.get_by_text("Filter", exact=True)).to_be_visible()
    expect(page.get_by_label("Lane")).to_be_hidden()  # the filters wait behind the disclosure
    expect(page.get_by_text("2 held posts from newleaf")).to_be_visible()
    axe()

    # The held posts: one card, opened, approved.
    _open_card(page, "2 held posts from newleaf")
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    axe()
    page.get_by_role("radio", name="Approve: publish it now").check()
    page.get_by_role("button", name="Settle this item").click()
    expect(page.get_by_text("Published. The author has been told.")).to_be_visible()
    assert not Post.objects.filter(pk__in=[held.pk, waiting_too.pk], is_pending_approval=True).exists()

    # The post members' reports hid: kept hidden, with a guideline.
    _open_card(page, "Toughen up")
    expect(page.get_by_text("Hidden for now after members' reports")).to_be_visible()
    axe()
    page.get_by_role("radio", name="Keep it hidden (the author is told which guideline)").check()
    page.get_by_label("Guideline", exact=True).select_option(index=1)
    page.get_by_role("button", name="Settle this item").click()
    expect(page.get_by_text("Hidden. The author has been told which guideline")).to_be_visible()

    # The urgent item: claimed, then closed.
    urgent = page.locator("li.queue-item--urgent")
    expect(urgent).to_contain_text("Urgent")
    urgent.get_by_role("link", name=re.compile("^Open")).click()
    page.get_by_role("button", name="Claim it").click()
    expect(page.get_by_text("You have this item.")).to_be_visible()
    axe()
    page.get_by_role("radio", name="No guideline broken: leave it up").check()
    page.get_by_role("button", name="Settle this item").click()
    expect(page.get_by_text("Everyone who reported it has been told the outcome.")).to_be_visible()
    expect(page.get_by_text("Nothing waiting here.")).to_be_visible()
    axe()
    assert not QueueItem.objects.filter(status=ItemStatus.OPEN).exists()
    _log_out(page)

    # What each person was told.
    [approved] = Notification.objects.filter(recipient=newcomer).values_list("message", flat=True)
    assert "approved" in approved and "Your other posts that were waiting are up too" in approved
    hidden_notes = list(Notification.objects.filter(recipient=harsh.author).values_list("message", flat=True))
    assert any("A moderator hid your post" in note and "guideline" in note for note in hidden_notes)
    for reporter in reporters:
        [outcome] = Notification.objects.filter(recipient=reporter, kind=NotificationKind.REPORT_OUTCOME)
        assert outcome.message.startswith("We reviewed the post you reported and took action")
    [thanks] = Notification.objects.filter(recipient=worried, kind=NotificationKind.REPORT_OUTCOME)
    assert thanks.message.startswith("Thank you for looking out for someone")

    # The author reads the decision beside their post, with the guideline and the way to ask again.
    log_in(harsh.author, TEST_PASSWORD)
    page.goto(live_server.url + harsh.get_absolute_url())
    post = page.locator(f"#post-{harsh.pk}")
    expect(post).to_contain_text("Hidden by a moderator because of guideline")
    expect(post).not_to_contain_text("for now")
    axe()
    _log_out(page)

    # A reporter sees the outcome behind the bell.
    log_in(reporters[0], TEST_PASSWORD)
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(
        page.get_by_role("link", name=re.compile("^We reviewed the post you reported and took action"))
    ).to_be_visible()
    axe()


def test_new_members_posts_wait_together_shown_in_full_with_help_and_one_approval_publishes_them(
    page: Page, live_server, axe, log_in, settings
):
    from resources.services import refresh_help_snapshot
    from tests.factories import BoardFactory, ResourceFactory

    settings.MODERATION_HOLD_FIRST_POST = True
    settings.MODERATION_STAFFED_HOURS = "00:00-00:01"  # out of hours nearly all day
    ResourceFactory(name="Samaritans", phone="116123", is_24_7=True)
    refresh_help_snapshot()
    board = BoardFactory(name="Anxiety")
    newcomer = UserFactory(username="firstlight")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(newcomer, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url())
    page.get_by_role("link", name=re.compile("Start a thread", re.IGNORECASE)).first.click()
    page.get_by_label("Title").fill("Can't switch off at night")
    page.get_by_label("Your message").fill("My head won't stop racing when the lights go out.")
    page.get_by_role("button", name=re.compile("^(Post|Start)")).first.click()
    expect(page.get_by_text(re.compile(r"Moderators are back at 00:00 \(UTC\)")).first).to_be_visible()
    post = page.locator("article.post").first
    expect(post).to_contain_text("Waiting for a moderator's quick look")
    expect(post).to_contain_text("My head won't stop racing")
    expect(post.get_by_text("Samaritans")).to_be_visible()
    expect(page.get_by_text("Replies open once this thread is published.")).to_be_visible()
    assert "few hours" not in page.content()
    axe()

    # Two more posts, in someone else's thread: they wait with the first.
    other = ThreadFactory(board=board, title="Small wins this week")
    for words in ("I made it to the shop today.", "And I slept four hours, which is more than usual."):
        Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=1))
        page.goto(live_server.url + other.get_absolute_url())
        page.get_by_label("Your message").fill(words)
        page.get_by_role("button", name="Post reply").click()
        expect(page.get_by_text("Your post is waiting for a moderator's quick look.")).to_be_visible()
    assert Post.objects.filter(author=newcomer, is_pending_approval=True).count() == 3
    _log_out(page)

    # One approval, from the member's card in the queue, publishes all three.
    moderator = _member("hawthorn", ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    page.set_viewport_size({"width": 1200, "height": 900})
    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/moderation/")
    card = page.locator("li.queue-item").filter(has_text="3 held posts from firstlight")
    assert card.bounding_box()["y"] < 900  # above the fold: the filters wait behind "Filter"
    axe()
    card.get_by_role("button", name="Approve: publish them").click()
    expect(page.get_by_text("Published. The author has been told.")).to_be_visible()
    assert not Post.objects.filter(author=newcomer, is_pending_approval=True).exists()
    _log_out(page)

    log_in(newcomer, TEST_PASSWORD)
    page.goto(live_server.url + other.get_absolute_url())
    expect(page.get_by_text("And I slept four hours")).to_be_visible()
    expect(page.get_by_text("Waiting for a moderator's quick look")).to_have_count(0)


def test_moderator_settles_two_reported_posts_together_and_approves_from_the_post_page(
    page: Page, live_server, axe, settings
):
    from forums.services.posts import create_reply

    settings.MODERATION_HOLD_FIRST_POST = True
    thread = ThreadFactory(title="Morning check-in")
    spam = [reply_to(thread, author=_member(f"seller{n}"), body=f"Cheap deals here {n}") for n in range(2)]
    for post in spam:
        file_report(acting_user=_member(f"noticer{post.pk}"), post=post, reason=ReportReason.SPAM)
    held = create_reply(thread, acting_user=UserFactory(username="dawnchorus"), body="Hello from a new member.")
    moderator = _member("yarrow", ModeratorFactory, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    _log_in_with_code(page, live_server, moderator, secret)
    page.goto(live_server.url + "/moderation/")
    for post in spam:
        page.locator("li.queue-item").filter(has_text=post.body).get_by_label(re.compile("^Select")).check()
    page.get_by_role("button", name="Settle the selected items together").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settle items together")
    axe()
    page.get_by_role("radio", name=re.compile("^Hide them")).check()
    page.get_by_label("Guideline", exact=True).select_option(index=1)
    page.get_by_role("button", name="Settle these 2 items").click()
    expect(page.get_by_text("Settled 2 items.")).to_be_visible()
    assert all(Post.objects.get(pk=post.pk).is_hidden for post in spam)

    page.goto(live_server.url + f"/moderation/posts/{held.pk}/")
    expect(page.get_by_role("heading", name="Waiting for approval")).to_be_visible()
    axe()
    page.get_by_role("button", name="Approve: publish it now").click()
    expect(page.get_by_text("Published. The author has been told.")).to_be_visible()
    assert not Post.objects.get(pk=held.pk).is_pending_approval
