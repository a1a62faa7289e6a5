"""What a page costs: every list and detail page in the forums, as a visitor and as a member, in a
fixed number of queries (session and member loads included) that does not grow with the rows shown,
and at most six where the page allows it. Measured as members meet the pages: with the cache warm
from an earlier visit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forums.models import ContentWarningPreference, HiddenWord, MemberMute, Notification, Reaction, ThreadFollow
from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to

MOST = 6


def _queries(client, url) -> int:
    cache.clear()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _reader():
    """A member with everything a reading context holds: a mute, a hidden word, a warning choice."""
    reader = UserFactory()
    MemberMute.objects.create(member=reader, muted=UserFactory())
    HiddenWord.objects.create(member=reader, word="storm")
    ContentWarningPreference.objects.create(member=reader, warning="grief", choice="collapse")
    return reader


def _client(who, reader):
    client = Client()
    if who == "member":
        client.force_login(reader)
    return client


def _busy_thread(thread, count, *, reader):
    """Replies of every kind a page shows: named and anonymous, warned, with reactions, some from
    the muted member, some the reader wrote themselves."""
    muted = MemberMute.objects.get(member=reader).muted
    for index in range(count):
        post = reply_to(
            thread,
            author=[UserFactory(), muted, reader][index % 3] if index % 5 else UserFactory(),
            body="A storm passes." if index % 4 == 0 else "I hear you, and I'm here.",
            is_anonymous=index % 3 == 1,
            content_warnings=["grief"] if index % 6 == 0 else [],
        )
        if post.author_id != reader.pk:
            Reaction.objects.create(post=post, member=reader, kind="support")
        Reaction.objects.create(post=post, member=UserFactory(), kind="me-too")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
@pytest.mark.parametrize("page", ["first", "last"])
def test_thread_page_costs_at_most_six_queries_whatever_the_posts_shown(who, page):
    reader = _reader()
    client = _client(who, reader)
    thread = ThreadFactory()
    ThreadFollow.objects.create(thread=thread, member=reader)
    url = thread.get_absolute_url() + ("?page=last" if page == "last" else "")
    client.get(url)  # a member's first visit writes their read marker
    one = _queries(client, url)
    _busy_thread(thread, 59, reader=reader)  # three full pages
    client.get(url)  # both counts are taken with everything on the page already read
    assert _queries(client, url) == one <= MOST


@pytest.mark.django_db
def test_thread_page_for_a_member_with_unread_posts_adds_only_the_read_marker_write():
    reader = _reader()
    client = _client("member", reader)
    thread = ThreadFactory()
    _busy_thread(thread, 5, reader=reader)
    client.get(thread.get_absolute_url())
    read = _queries(client, thread.get_absolute_url())
    reply_to(thread)
    cache.clear()
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        page = client.get(thread.get_absolute_url())
    assert "Jump to first unread" in page.content.decode()
    writes = [query for query in captured if query["sql"].startswith("UPDATE")]
    assert len(writes) == 1 and len(captured) == read + 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_board_list_costs_the_same_for_one_or_many_boards_and_threads(who):
    client = _client(who, _reader())
    reply_to(ThreadFactory())
    one = _queries(client, "/")
    for _ in range(12):
        reply_to(ThreadFactory(board=BoardFactory(), is_anonymous=True))
    assert _queries(client, "/") == one <= MOST


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_board_page_costs_the_same_for_one_or_many_threads(who):
    client = _client(who, _reader())
    board = BoardFactory()
    reply_to(ThreadFactory(board=board))
    one = _queries(client, board.get_absolute_url())
    for index in range(24):
        reply_to(ThreadFactory(board=board, is_pinned=index % 5 == 0, is_anonymous=index % 2 == 0))
    assert _queries(client, board.get_absolute_url()) == one <= MOST


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_waiting_list_costs_the_same_for_one_or_many_threads(who):
    client = _client(who, _reader())
    ThreadFactory()
    one = _queries(client, "/waiting/")
    for index in range(24):
        ThreadFactory(is_anonymous=index % 2 == 0)
    assert _queries(client, "/waiting/") == one <= MOST


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_search_costs_the_same_for_one_or_many_results(who):
    client = _client(who, _reader())
    reply_to(ThreadFactory(title="Sleepless again"), body="Sleepless nights are easier with company.")
    url = "/search/?q=sleepless"
    one = _queries(client, url)
    for index in range(24):
        reply_to(ThreadFactory(title=f"Sleepless {index}"), body="Sleepless, but here.", is_anonymous=index % 2 == 0)
    assert _queries(client, url) == one <= MOST


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/my/threads/", "/my/following/", "/notifications/"])
def test_member_lists_cost_the_same_for_one_or_many_rows(url):
    reader = _reader()
    client = _client("member", reader)

    def rows():
        thread = ThreadFactory(author=reader)  # its author follows it
        post = reply_to(thread)
        Notification.objects.create(
            recipient=reader, actor=post.author, kind="reply", post=post, group_key=f"reply:{post.pk}"
        )

    rows()
    one = _queries(client, url)
    for _ in range(19):
        rows()
    assert _queries(client, url) == one <= MOST
