"""A moderator works on one post from its moderation page, where each form posts to its own action:
locks the thread, adds a content warning, and sends an edit without a reason (refused, the words
kept). The author reads the notices in the bell. axe on every page, on a desktop and a phone."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import current_totp_code
from tests.factories import TEST_PASSWORD, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in_with_code(page, live_server, moderator, secret):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Pseudonym or email").fill(moderator.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.IGNORECASE)).click()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name=re.compile("Sign In|Log in|Confirm", re.IGNORECASE)).click()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_moderator_acts_on_a_post_through_each_action_and_the_author_is_told(
    page: Page, live_server, axe, log_in, viewport
):
    page.set_viewport_size(viewport)
    joined = timezone.now() - timedelta(days=60)
    author = UserFactory(username="willowbank", date_joined=joined)
    thread = ThreadFactory(title="Nights are long", author=author)
    post = reply_to(thread, author=author, body="I live at 4 Birch Lane and nights are long.")
    moderator = ModeratorFactory(username="hazel", date_joined=joined, two_factor=False)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    _log_in_with_code(page, live_server, moderator, secret)

    page.goto(live_server.url + f"/moderation/posts/{post.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderate a post")
    axe()
    page.get_by_role("button", name="Lock thread").click()
    expect(page.get_by_text("Thread locked: it stays readable, with no new replies.")).to_be_visible()
    expect(page.get_by_role("button", name="Unlock thread")).to_be_visible()
    axe()

    page.get_by_label("Content warning to add").select_option(label="Self-harm")
    page.get_by_role("button", name="Add warning").click()
    expect(page.get_by_text("Content warning added. The author has been told.")).to_be_visible()

    page.get_by_label("Post text").fill("I live at [address removed] and nights are long.")
    page.get_by_role("button", name="Save edit").click()
    expect(page.get_by_text("Please say why you are editing: the author is told.")).to_be_visible()
    expect(page.get_by_label("Post text")).to_have_value("I live at [address removed] and nights are long.")
    axe()
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()

    log_in(author, TEST_PASSWORD)
    page.goto(live_server.url + "/notifications/")
    expect(
        page.get_by_role("link", name=re.compile("^A moderator locked your thread “Nights are long”"))
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("^A moderator added the content warning “Self-harm”"))
    ).to_be_visible()
    axe()
