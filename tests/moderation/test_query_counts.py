"""Moderation pages cost the same number of queries with one row as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.models import ModerationAction, QueueItem, ReportReason
from moderation.selectors import guideline_get_current
from moderation.services import add_member_note, file_appeal, file_report, sanction_member
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_item_page_query_count(moderator_client, moderator):
    post = reply_to(ThreadFactory(), author=UserFactory(username="subject"))
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    url = reverse("moderation:item-detail", args=[QueueItem.objects.get().pk])
    one = _count(moderator_client, url)
    for _ in range(15):
        file_report(acting_user=UserFactory(), post=post, reason=ReportReason.OTHER, note="unkind")
        add_member_note(post.author, acting_user=moderator, text="note")
        reply_to(ThreadFactory(), author=post.author)
    assert _count(moderator_client, url) == one


@pytest.mark.django_db
def test_member_page_query_count(moderator_client, moderator):
    member = UserFactory(username="subject")
    section = guideline_get_current().sections.first()
    sanction_member(member, acting_user=moderator, kind="warning", guideline_section=section)
    url = reverse("moderation:member-moderate", args=["subject"])
    one = _count(moderator_client, url)
    for _ in range(10):
        sanction_member(member, acting_user=moderator, kind="warning", guideline_section=section)
        add_member_note(member, acting_user=moderator, text="note")
        reply_to(ThreadFactory(), author=member)
    assert _count(moderator_client, url) == one


@pytest.mark.django_db
def test_appeal_list_query_count(moderator_client):
    section = guideline_get_current().sections.first()
    deciding = ModeratorFactory()

    def appeal():
        member = UserFactory()
        sanction_member(member, acting_user=deciding, kind="warning", guideline_section=section)
        file_appeal(ModerationAction.objects.filter(member=member).get(), acting_user=member, text="Please")

    appeal()
    url = reverse("moderation:appeal-list")
    one = _count(moderator_client, url)
    for _ in range(10):
        appeal()
    assert _count(moderator_client, url) == one


@pytest.mark.django_db
def test_queue_query_count_with_grouped_held_posts(moderator_client, settings):
    """One held post, or many members' held posts gathered into cards beside anonymous ones and
    reported posts: the queue page costs the same."""
    from datetime import timedelta

    from django.utils import timezone

    from forums.models import Post
    from forums.services.posts import create_reply

    settings.MODERATION_HOLD_FIRST_POST = True
    thread = ThreadFactory()

    def held(author, **fields):
        Post.objects.filter(author=author).update(created_at=timezone.now() - timedelta(minutes=10))
        return create_reply(thread, acting_user=author, body="Hello", **fields)

    held(UserFactory())
    url = reverse("moderation:queue")
    one = _count(moderator_client, url)
    for _ in range(4):
        newcomer = UserFactory()
        for _ in range(3):
            held(newcomer)
        held(newcomer, is_anonymous=True)
        file_report(acting_user=UserFactory(), post=reply_to(ThreadFactory()), reason=ReportReason.SPAM)
    assert _count(moderator_client, url) == one
