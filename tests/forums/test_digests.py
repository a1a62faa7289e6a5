"""Nightly digests: one task per member keyed by member and day, and a sweeper for whoever has no
row yet, so a worker dying midway leaves every member with exactly one digest."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forums.models import EmailCadence, EmailDelivery, EmailDeliveryStatus, NotificationKind
from forums.notifications.choices import set_email_cadences
from forums.notifications.email import queue_daily_digests, send_member_digest, sweep_daily_digests
from forums.services.posts import create_reply
from tests.factories import ThreadFactory, UserFactory

MORNING = datetime(2026, 3, 4, 7, 5, tzinfo=UTC)


@pytest.fixture
def members_with_news(db, django_capture_on_commit_callbacks):
    """Six members, each with a reply waiting for their daily digest."""
    members = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            member = UserFactory()
            set_email_cadences(member=member, cadences={NotificationKind.REPLY: EmailCadence.DAILY})
            create_reply(ThreadFactory(author=member), acting_user=UserFactory(), body="Thinking of you.")
            members.append(member)
    mail.outbox.clear()
    return members


def _digests_to(member):
    return [email for email in mail.outbox if email.to == [member.email] and "summary" in email.subject]


@pytest.mark.django_db
def test_each_member_gets_their_own_digest_task_and_one_digest(members_with_news, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_daily_digests() == len(members_with_news)
    for member in members_with_news:
        assert len(_digests_to(member)) == 1
        assert EmailDelivery.objects.get(recipient=member, key__startswith="digest:").status == EmailDeliveryStatus.SENT


@pytest.mark.django_db
def test_a_member_digest_task_run_twice_sends_once(members_with_news):
    member = members_with_news[0]
    day = timezone.localdate().isoformat()
    assert send_member_digest(member.pk, day) is True
    assert send_member_digest(member.pk, day) is False
    assert len(_digests_to(member)) == 1
    assert EmailDelivery.objects.filter(recipient=member, key=f"digest:{day}").count() == 1


@pytest.mark.django_db
def test_the_sweeper_sends_the_digests_of_members_the_dead_run_never_reached(members_with_news):
    now = timezone.now().replace(hour=7, minute=30)
    day = timezone.localdate(now).isoformat()
    reached, missed = members_with_news[:2], members_with_news[2:]
    for member in reached:
        send_member_digest(member.pk, day, now=now)
    # The daily run died here. Ten minutes later:
    assert sweep_daily_digests(now=now + timedelta(minutes=10)) == len(missed)
    for member in members_with_news:
        assert len(_digests_to(member)) == 1
    assert sweep_daily_digests(now=now + timedelta(minutes=20)) == 0  # everyone has today's row


@pytest.mark.django_db
def test_a_member_with_nothing_new_gets_a_row_but_no_email_and_is_not_swept_again(db, board):
    from forums.services.follows import follow_board

    reader = UserFactory()
    follow_board(board, member=reader)  # a candidate, but the board digest is off by default
    now = timezone.now().replace(hour=8)
    assert sweep_daily_digests(now=now) == 1
    delivery = EmailDelivery.objects.get(recipient=reader)
    assert delivery.status == EmailDeliveryStatus.SKIPPED and delivery.skip_reason == "nothing new"
    assert sweep_daily_digests(now=now + timedelta(minutes=10)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweeper_waits_for_the_digest_hour(members_with_news, settings):
    settings.DIGEST_HOUR = 7
    assert sweep_daily_digests(now=MORNING.replace(hour=6)) == 0
    assert EmailDelivery.objects.filter(key__startswith="digest:").count() == 0
