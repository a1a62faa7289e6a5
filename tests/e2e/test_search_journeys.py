"""Search in a browser, on a phone and a desktop: words and a board chosen from the page's own list,
results from the index, and "Next page" through them; no accessibility violations on the way."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, BoardFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_search_a_board_and_page_through_the_results(page: Page, live_server, axe, viewport):
    page.set_viewport_size(viewport)
    calm = BoardFactory(name="Calm corner", slug="calm-corner")
    for index in range(24):
        reply_to(ThreadFactory(board=calm, title=f"Evening {index}"), body=f"The kingfisher came back, day {index}.")
    reply_to(ThreadFactory(title="Elsewhere"), body="A kingfisher on another board.")

    page.goto(live_server.url + "/search/")
    axe()
    form = page.get_by_role("search", name="Search with filters")
    form.get_by_label("Search for").fill("kingfisher")
    form.get_by_label("Board").select_option(label="Calm corner")
    form.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("24 results")
    expect(page.locator(".search-results > li")).to_have_count(20)
    expect(page.get_by_text("A kingfisher on another board.")).to_have_count(0)
    expect(form.get_by_label("Search for")).to_have_value("kingfisher")  # what they typed stays
    axe()

    page.get_by_role("link", name="Next page").click()
    expect(page.locator(".search-results > li")).to_have_count(4)
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    expect(page.get_by_label("Board")).to_have_value("calm-corner")
    axe()
    page.get_by_role("link", name="Previous page").click()
    expect(page.locator(".search-results > li")).to_have_count(20)


def test_a_member_finds_a_members_only_board_that_visitors_never_see(page: Page, live_server, axe, log_in):
    private = BoardFactory(name="Members room", slug="members-room", members_only=True)
    reply_to(ThreadFactory(board=private, title="Lamplight"), body="A quiet lamplight evening.")
    page.goto(live_server.url + "/search/?q=lamplight")
    expect(page.get_by_text("Nothing matched.")).to_be_visible()
    expect(page.get_by_label("Board").locator("option", has_text="Members room")).to_have_count(0)

    log_in(UserFactory(), TEST_PASSWORD)
    page.goto(live_server.url + "/search/")
    page.get_by_label("Search for").fill("lamplight")
    page.get_by_label("Board").select_option(label="Members room")
    page.get_by_role("search", name="Search with filters").get_by_role("button", name="Search").click()
    expect(page.get_by_text("A quiet lamplight evening.")).to_be_visible()
    axe()
