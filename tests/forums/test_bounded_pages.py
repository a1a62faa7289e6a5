"""A board's pages without counting every thread: the first pages cost the same however many
threads a board holds, a short board still shows its last page, and every thread stays reachable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import THREADS_PER_PAGE
from forums.selectors import paging
from tests.factories import BoardFactory, ThreadFactory


def _page_links(page):
    return [link.text.replace("Page", "").strip() for link in page.html.select("nav .pagination .page-link")]


@pytest.mark.django_db
def test_a_long_board_is_counted_only_a_few_pages_ahead_and_every_thread_stays_reachable(django_app, monkeypatch):
    monkeypatch.setattr(paging, "LOOKAHEAD_PAGES", 1)
    board = BoardFactory()
    threads = ThreadFactory.create_batch(3 * THREADS_PER_PAGE + 3, board=board)
    with CaptureQueriesContext(connection) as captured:
        first = django_app.get(board.get_absolute_url())
    counts = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1 and f"LIMIT {2 * THREADS_PER_PAGE + 1}" in counts[0]
    # Page 1 of at least 3: no last page number is claimed, "…" and "Next" instead.
    assert _page_links(first) == ["1", "2", "3", "…", "Next"]
    seen = set()
    page = first
    while True:
        seen |= {link["href"] for link in page.html.select(".thread-list a[href^='/threads/']")}
        following = page.html.select_one("nav .pagination a:-soup-contains('Next')")
        if following is None:
            break
        page = django_app.get(board.get_absolute_url() + following["href"])
    assert seen == {thread.get_absolute_url() for thread in threads}
    # The last page is counted to its end: it names itself last and offers no "Next".
    assert _page_links(page)[-1] == "4" and "Next" not in _page_links(page)


@pytest.mark.django_db
def test_a_short_board_shows_its_last_page_and_a_page_past_the_end_gives_the_last(django_app):
    board = BoardFactory()
    ThreadFactory.create_batch(2 * THREADS_PER_PAGE + 1, board=board)
    first = django_app.get(board.get_absolute_url())
    assert _page_links(first) == ["1", "2", "3", "Next"]
    beyond = django_app.get(board.get_absolute_url() + "?page=40")
    assert "3" in [link.text.strip() for link in beyond.html.select(".pagination [aria-current='page']")][0]
