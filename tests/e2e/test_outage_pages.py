"""Our own error pages, as a person meets them in a browser: calm words, Quick exit, and (for 500 and
503) the crisis lines right on the page, with no accessibility violations."""

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from resources.services import refresh_help_snapshot
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def crisis_lines(settings, tmp_path):
    settings.RESOURCES_SNAPSHOT_PATH = tmp_path / "help-snapshot.json"
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB", "IE"], is_24_7=True)
    refresh_help_snapshot()


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (OperationalError("the database is down"), 503, "Safe Space is having trouble right now"),
        (RuntimeError("a bug of ours"), 500, "Something went wrong on our side"),
    ],
)
def test_the_500_and_503_pages_show_the_crisis_lines_themselves(
    page: Page, live_server, axe, crisis_lines, monkeypatch, error, status, heading
):
    from forums.views import boards as reading

    def fail(**kwargs):
        raise error

    monkeypatch.setattr(reading, "board_list_for_index", fail)
    response = page.goto(live_server.url + "/")
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name="Call 116 123")).to_have_attribute("href", "tel:116123")
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    axe()


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/members/a%00b/", 404, "We couldn't find that page"),
        ("/search/?q=" + "a" * 5000, 414, "That address is too long"),
    ],
)
def test_bad_addresses_get_our_own_calm_pages(page: Page, live_server, axe, path, status, heading):
    response = page.goto(live_server.url + path)
    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe()


def test_error_pages_fit_a_phone_screen(page: Page, live_server, crisis_lines, monkeypatch):
    from forums.views import boards as reading

    def fail(**kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(reading, "board_list_for_index", fail)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.screenshot(path="/tmp/h12-503-phone.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
