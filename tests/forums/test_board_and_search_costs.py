"""What the busiest pages cost in queries, for a visitor and a member, with one row and with a full
page: the same, and within the budget each page has. The resources sidebar comes from the cache
after the first visit, and sessions are read from the cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BoardFactory, ResourceFactory, ThreadFactory, UserFactory, reply_to

# Visitor, member. A member's page also reads their account and their roles.
BUDGET = {"board list": (1, 3), "board page": (3, 6), "search": (4, 6)}


def _queries(client, url, **params):
    client.get(url, params)  # warm: the sidebar and the session are in the cache from here on
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def clients(db):
    member = Client()
    member.force_login(UserFactory())
    return {"visitor": Client(), "member": member}


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_board_list_board_page_and_search_cost_the_same_for_one_row_or_a_page_of_them(clients, who):
    cache.clear()
    client = clients[who]
    board = BoardFactory(resource_topic="grief")
    ResourceFactory(name="Grief circle", kind="support-group", topics=["grief"], website="https://example.org/c")
    reply_to(ThreadFactory(board=board), body="heron at dawn")
    one = {
        "board list": _queries(client, reverse("forums:board-list")),
        "board page": _queries(client, board.get_absolute_url()),
        "search": _queries(client, reverse("forums:search"), q="heron"),
    }
    for index in range(30):
        thread = ThreadFactory(board=board, is_anonymous=index % 2 == 0, is_pinned=index % 7 == 0)
        reply_to(thread, body="heron at dawn again", is_anonymous=index % 3 == 0)
    many = {
        "board list": _queries(client, reverse("forums:board-list")),
        "board page": _queries(client, board.get_absolute_url()),
        "search": _queries(client, reverse("forums:search"), q="heron"),
    }
    assert one == many
    for page, count in one.items():
        assert count <= BUDGET[page][who == "member"], (page, count)
