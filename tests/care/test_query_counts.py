"""Care pages cost the same number of queries with one row as with many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care.services import (
    record_item_opened,
    record_reveal,
    set_look_in_reminder,
    set_topic_opt_out,
    start_shift,
    write_debrief,
)
from moderation.models import QueueItem, ReportReason
from moderation.services import claim_item, file_report, resolve_item
from tests.factories import ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_reminder_list_query_count_is_constant(member_client, member):
    set_look_in_reminder(ThreadFactory(), acting_user=member, delay="day")
    url = reverse("care:reminder-list")
    one = _count(member_client, url)
    for _ in range(15):
        set_look_in_reminder(ThreadFactory(), acting_user=member, delay="week")
    assert _count(member_client, url) == one


def _urgent_item():
    post = reply_to(ThreadFactory())
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.WORRIED)
    return QueueItem.objects.get(post=post)


def _a_busy_stretch(moderator):
    item = _urgent_item()
    claim_item(item, acting_user=moderator)
    record_item_opened(item, acting_user=moderator)
    record_reveal(item, acting_user=moderator)
    resolve_item(item, acting_user=moderator, action="dismiss")
    write_debrief(item, acting_user=moderator, text="Heavy one.")


def test_shift_page_query_count_is_constant(moderator_client, moderator):
    start_shift(acting_user=moderator)
    set_topic_opt_out(acting_user=moderator, topics=["grief"], ends_at=timezone.now() + timedelta(days=3))
    _a_busy_stretch(moderator)
    url = reverse("care:shift")
    one = _count(moderator_client, url)
    for _ in range(12):
        _a_busy_stretch(moderator)
    set_topic_opt_out(acting_user=moderator, topics=["abuse"], ends_at=timezone.now() + timedelta(days=5))
    assert _count(moderator_client, url) == one


def test_queue_with_an_opt_out_costs_the_same_for_one_or_many_items(moderator_client, moderator):
    set_topic_opt_out(acting_user=moderator, topics=["suicide"], ends_at=timezone.now() + timedelta(days=3))
    _urgent_item()
    url = reverse("moderation:queue")
    one = _count(moderator_client, url)
    for _ in range(10):
        _urgent_item()
    assert _count(moderator_client, url) == one
