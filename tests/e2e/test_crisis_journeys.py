"""The crisis net as phones type it, on a phone-sized screen, and crisis words at a limit."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
PANEL = "Before you post: are you safe right now?"


@pytest.fixture(autouse=True)
def _shipped_crisis_phrases_and_a_crisis_line(shipped_crisis_phrases):
    """Browser tests empty every table between tests, the shipped watched words too: put them back
    exactly as the migration ships them, and publish one crisis line."""
    from resources.services import refresh_help_snapshot
    from tests.factories import ResourceFactory

    ResourceFactory(name="Samaritans", kind="crisis-line", phone="116123", is_24_7=True)
    refresh_help_snapshot()


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.mark.parametrize(
    "words",
    [
        "I don’t want to live like this.",  # the typographic apostrophe phones type
        "I can’t go on like this and I don’t want to be here anymore",
        "ＥＶＥＲＹＯＮＥ would be better off without me",  # full-width letters
        "i just want to end it\u200b all",  # a zero-width space pasted in
        "Please look after my cat when I’m gone",  # a goodbye that names nothing
    ],
    ids=["curly apostrophe", "indirect", "full-width", "zero-width", "goodbye"],
)
def test_phone_keyboard_crisis_wording_raises_the_panel_on_a_phone(page: Page, live_server, axe, log_in, words):
    from moderation.models import Lane, QueueItem

    page.set_viewport_size(PHONE)
    writer = _settled("fern")
    thread = ThreadFactory(title="Nights are the worst")
    log_in(writer, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill(words)
    page.get_by_role("button", name="Post reply").click()
    panel = page.get_by_role("region", name=PANEL)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Samaritans")
    expect(page.get_by_label("Your message")).to_have_value(words)
    axe()
    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    assert QueueItem.objects.get(post__author=writer).lane == Lane.URGENT


def test_crisis_words_at_the_flood_limit_get_the_panel_not_a_refusal(page: Page, live_server, axe, log_in):
    from forums.models import Post
    from moderation.models import Lane, QueueItem

    page.set_viewport_size(PHONE)
    newcomer = UserFactory(username="sorrel")  # joined today: new members wait 30 s between posts
    thread = ThreadFactory(title="Can't sleep again")
    reply_to(thread, author=newcomer, body="Hello, I'm new here.")
    log_in(newcomer, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    page.get_by_label("Your message").fill("Some nights I want to die.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("region", name=PANEL)).to_be_visible()
    expect(page.get_by_text("You're posting quickly")).to_have_count(0)
    axe()
    page.get_by_role("button", name="Post, and ask a moderator to check in with me").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Can't sleep again")
    posted = Post.objects.get(author=newcomer, body="Some nights I want to die.")
    assert QueueItem.objects.get(post=posted).lane == Lane.URGENT
