"""Sessions are read from the cache and recorded in the database (safespace/sessions.py): a member's
page reads no session row, a session outlives a cache flush, and a cached copy lives minutes, not
weeks, so a session ended while Redis was unreachable cannot come back for long."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safespace import sessions
from tests.factories import UserFactory


@pytest.fixture
def member_client(db):
    client = Client()
    client.force_login(UserFactory(username="reed"))
    return client


def _session_reads(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("forums:notification-list")).content.decode()
    return sum("django_session" in query["sql"] for query in captured.captured_queries), page


def test_a_members_page_reads_no_session_row(member_client):
    member_client.get(reverse("forums:board-list"))
    reads, page = _session_reads(member_client)
    assert reads == 0 and "reed" in page


def test_a_session_outlives_a_cache_flush(member_client):
    cache.clear()
    reads, page = _session_reads(member_client)
    assert reads == 1 and "reed" in page  # from the database, then cached again
    assert _session_reads(member_client)[0] == 0


def test_the_cached_copy_lives_minutes_not_the_whole_session(member_client, monkeypatch):
    timeouts = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout=None, **kw: timeouts.append((key, timeout)) or real_set(key, value, timeout, **kw),
    )
    cache.clear()
    _session_reads(member_client)
    prefix = sessions.SessionStore.cache_key_prefix
    session_timeouts = [timeout for key, timeout in timeouts if key.startswith(prefix)]
    assert session_timeouts and max(session_timeouts) <= settings.SESSION_CACHE_SECONDS < settings.SESSION_COOKIE_AGE


def test_logging_out_ends_the_session_in_the_cache_and_the_database(member_client):
    key = member_client.cookies[settings.SESSION_COOKIE_NAME].value
    member_client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert cache.get(sessions.SessionStore.cache_key_prefix + key) is None
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = key
    assert "reed" not in stale.get(reverse("forums:board-list")).content.decode()
