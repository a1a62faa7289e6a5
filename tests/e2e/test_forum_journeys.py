import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from forums.models import Post
from tests.factories import TEST_PASSWORD, BoardFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_out(page):
    page.locator("details.member-menu summary").click()
    page.get_by_role("button", name="Log out").click()


def test_thread_with_warning_quoted_reply_edit_history_and_anonymous_reply(page: Page, live_server, axe, log_in):
    board = BoardFactory(name="Grief & loss", slug="grief-loss")
    starter = UserFactory(username="willow", date_joined=timezone.now() - timedelta(days=30))
    replier = UserFactory(username="harbour", date_joined=timezone.now() - timedelta(days=30))

    log_in(starter, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url())
    axe()
    page.get_by_role("link", name="Start a thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a thread in Grief & loss")
    axe()
    page.get_by_label("Title").fill("Missing my dad today")
    page.get_by_label("Your message").fill("It has been a year. **Some days are heavier.**")
    page.get_by_label("Grief & loss").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview: this is how your post will look")).to_be_visible()
    expect(page.locator(".composer-preview strong")).to_have_text("Some days are heavier.")
    axe()
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Missing my dad today")
    expect(page.get_by_text("Content warning: Grief & loss")).to_be_visible()
    axe()
    _log_out(page)

    log_in(replier, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url())
    page.get_by_role("link", name="Missing my dad today").click()
    page.get_by_role("link", name=re.compile("^Quote")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reply to")
    expect(page.get_by_label("Your message")).to_have_value(re.compile(r"^> \*\*willow\*\* wrote:"))
    axe()
    page.get_by_label("Your message").press("End")
    page.get_by_label("Your message").type("\nA year is no time at all. I'm sorry.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post").nth(1)).to_contain_text("A year is no time at all.")
    expect(page.locator("article.post").nth(1).locator("blockquote")).to_contain_text("Some days are heavier.")

    # An anonymous reply: the pseudonym appears nowhere in the page others see.
    page.get_by_label("Your message").fill("Mine was two years ago. It softens.")
    page.get_by_label("Reply anonymously").check()
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Anonymous member (you)")).to_be_visible()
    _log_out(page)

    log_in(starter, TEST_PASSWORD)
    page.goto(live_server.url + Post.objects.get(position=1).get_absolute_url())
    assert "harbour" in page.content()  # the named reply
    anonymous = page.locator("article.post").nth(2)
    expect(anonymous).to_contain_text("Anonymous member")
    assert "harbour" not in anonymous.inner_text()

    # Edit with history.
    page.locator("article.post").first.get_by_role("link", name=re.compile("^Edit")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your post")
    axe()
    page.get_by_label("Your message").fill("It has been a year. Some days are heavier, and that's okay.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("article.post").first).to_contain_text("edited")
    page.get_by_role("link", name="Edit history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit history")
    expect(page.get_by_text("It has been a year. Some days are heavier.", exact=False).first).to_be_visible()
    axe()


def test_unsent_reply_survives_closing_the_tab(page: Page, live_server, log_in):
    board = BoardFactory()
    member = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    log_in(member, TEST_PASSWORD)
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    page.get_by_label("Title").fill("Can't sleep")
    page.get_by_label("Your message").fill("Lying awake again and my mind won't stop.")
    page.wait_for_timeout(600)  # the draft is saved shortly after typing stops
    page.goto(live_server.url + "/")
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_text("We restored your unsent draft.")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value("Lying awake again and my mind won't stop.")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Can't sleep")
    page.goto(live_server.url + board.get_absolute_url() + "new/")
    expect(page.get_by_label("Your message")).to_have_value("")


def test_my_threads_from_the_member_menu_has_headings_in_order(page: Page, live_server, axe, log_in):
    member = UserFactory(username="fern", date_joined=timezone.now() - timedelta(days=30))
    board = BoardFactory(name="Loneliness", slug="loneliness")
    ThreadFactory(board=board, author=member, title="Quiet evenings")
    log_in(member, TEST_PASSWORD)
    page.locator("details.member-menu summary").click()
    page.get_by_role("link", name="My threads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My threads")
    expect(page.get_by_role("heading", name="Quiet evenings")).to_be_visible()
    axe()  # each thread's title is a heading one level below the page's own, never skipping one
