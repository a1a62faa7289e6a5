"""Every list and detail page costs the same number of queries with 1 row as with 50."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to


def _queries(client, url):
    # Measured as members meet the page: with the cache warm from an earlier visit (the bell's
    # unread count is one cached COUNT, refreshed only when a notification arrives or is read).
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _clients():
    member = UserFactory()
    logged_in = Client()
    logged_in.force_login(member)
    return {"visitor": Client(), "member": logged_in}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_board_list_query_count_is_constant(who):
    client = _clients()[who]
    BoardFactory()
    ThreadFactory()
    one = _queries(client, "/")
    for _ in range(49):
        ThreadFactory(is_anonymous=True)
    assert _queries(client, "/") == one <= 8


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_board_page_query_count_is_constant(who):
    client = _clients()[who]
    board = BoardFactory()
    thread = ThreadFactory(board=board)
    reply_to(thread)
    one = _queries(client, board.get_absolute_url())
    for index in range(24):
        reply_to(ThreadFactory(board=board, is_pinned=index % 5 == 0, is_anonymous=index % 2 == 0))
    assert _queries(client, board.get_absolute_url()) == one <= 8


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_thread_page_query_count_is_constant(who):
    client = _clients()[who]
    thread = ThreadFactory()
    client.get(thread.get_absolute_url())  # a member's first visit also creates their read marker
    one = _queries(client, thread.get_absolute_url())
    for index in range(19):
        reply_to(thread, is_anonymous=index % 3 == 0, content_warnings=["suicide"] if index % 4 == 0 else [])
    client.get(thread.get_absolute_url())  # both counts are taken with everything already read
    assert _queries(client, thread.get_absolute_url()) == one
    # A member also loads their read marker, follow state, content-warning choices, mutes and hidden words.
    assert one <= (8 if who == "visitor" else 13)


@pytest.mark.django_db
def test_my_threads_and_following_query_counts_are_constant():
    member = UserFactory()
    client = Client()
    client.force_login(member)
    ThreadFactory(author=member)  # its author follows it
    one_mine, one_following = _queries(client, "/my/threads/"), _queries(client, "/my/following/")
    for _ in range(24):
        ThreadFactory(author=member)
    assert _queries(client, "/my/threads/") == one_mine
    assert _queries(client, "/my/following/") == one_following


@pytest.mark.django_db
def test_thread_page_with_the_authors_hidden_posts_costs_the_same_for_one_or_many():
    """The appeal link beside each of the author's hidden posts names its decision: one query for
    all of them on the page, whatever their number."""
    from moderation.models import ModerationAction, ModerationVerb
    from tests.factories import ModeratorFactory

    author, moderator = UserFactory(), ModeratorFactory()
    client = Client()
    client.force_login(author)
    thread = ThreadFactory()

    def hidden_reply():
        post = reply_to(thread, author=author, is_hidden=True, hidden_reason="Hidden by a moderator.")
        ModerationAction.objects.create(
            actor=moderator, verb=ModerationVerb.HIDE_POST, post=post, member=author, new_value={"guideline": 1}
        )

    hidden_reply()
    url = thread.get_absolute_url()
    client.get(url)
    one = _queries(client, url)
    for _ in range(10):
        hidden_reply()
    page = client.get(url).content.decode()
    assert page.count("/appeals/?decision=") == 11
    assert _queries(client, url) == one
