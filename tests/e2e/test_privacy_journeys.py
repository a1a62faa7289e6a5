import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, BoardFactory, UserFactory, create_thread

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.mark.parametrize("viewport", [None, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_a_reader_hides_an_anonymous_post_and_quotes_one_without_learning_its_author(
    page: Page, live_server, axe, log_in, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    board = BoardFactory(name="Recovery", slug="recovery")
    writer, reader = _member("hidden_heron"), _member("kind_otter")
    thread = create_thread(
        acting_user=writer, board=board, title="A bad night", body="I almost picked up again.", is_anonymous=True
    )

    log_in(reader, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    post = page.locator("article.post").first
    expect(post).to_contain_text("Anonymous member")
    axe()
    post.get_by_role("button", name="Hide this post for me").click()
    expect(page.get_by_text("The post is hidden, for you only; nobody is told.")).to_be_visible()
    expect(page.get_by_text("You hid this post.")).to_be_visible()
    expect(page.get_by_text("I almost picked up again.")).to_have_count(0)
    axe()
    page.get_by_role("button", name="Show it again").click()
    expect(page.get_by_text("I almost picked up again.")).to_be_visible()

    page.locator("article.post").first.get_by_role("link", name=re.compile("^Quote")).click()
    expect(page.get_by_label("Your message")).to_have_value(re.compile(r"^> \*\*Anonymous member\*\* wrote:"))
    expect(page.get_by_label("Reply anonymously")).not_to_be_checked()
    axe()
    assert "hidden_heron" not in page.content()
