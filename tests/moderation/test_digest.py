from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums.models import Notification, NotificationKind
from moderation.digest import moderation_summary, send_moderation_digests
from moderation.models import QueueItem, ReportReason
from moderation.services import file_report, lock_thread
from tests.factories import ModeratorFactory, ResourceFactory, ThreadFactory, UserFactory, reply_to


@pytest.mark.django_db
def test_nightly_summary_content(moderator):
    thread = ThreadFactory(board__name="Grief & loss")
    post = reply_to(thread)
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.WORRIED)
    file_report(acting_user=UserFactory(), post=reply_to(thread), reason=ReportReason.SPAM)
    lock_thread(thread, acting_user=moderator)
    old = ThreadFactory()
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    ResourceFactory(next_review_due=timezone.localdate() - timedelta(days=3))
    summary = moderation_summary()
    assert summary["open"] == 2 and summary["urgent"] == 1
    assert summary["by_board"] == [("Grief & loss", 2)]
    assert summary["actions"] == 1 and summary["unanswered"] == 1 and summary["overdue_resources"] == 1


@pytest.mark.django_db
def test_one_summary_per_moderator_per_day_even_when_run_twice(django_capture_on_commit_callbacks):
    moderators = [ModeratorFactory(), ModeratorFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_moderation_digests() == 2
        assert send_moderation_digests() == 0
    for moderator in moderators:
        [summary] = Notification.objects.filter(recipient=moderator, kind=NotificationKind.MODERATION_SUMMARY)
        assert summary.message.startswith("Tonight's summary: 0 open items")
    assert sorted(email.to[0] for email in mail.outbox) == sorted(m.email for m in moderators)


@pytest.mark.django_db
def test_summary_query_count_does_not_grow_with_the_data():
    def count():
        with CaptureQueriesContext(connection) as captured:
            moderation_summary()
        return len(captured)

    thread = ThreadFactory()
    file_report(acting_user=UserFactory(), post=reply_to(thread), reason=ReportReason.SPAM)
    one = count()
    for _ in range(20):
        file_report(acting_user=UserFactory(), post=reply_to(ThreadFactory()), reason=ReportReason.SPAM)
    assert QueueItem.objects.count() == 21
    assert count() == one


@pytest.mark.django_db
def test_a_long_summary_is_written_whole_in_the_bell(django_capture_on_commit_callbacks):
    """Check-ins, conversations, measures and one line per board with open items: the summary grows
    with the site, and is never cut or refused for its length."""
    from moderation.digest import summary_text

    moderator = ModeratorFactory()
    for number in range(12):
        thread = ThreadFactory(board__name=f"A board with a long, descriptive name {number}")
        file_report(acting_user=UserFactory(), post=reply_to(thread), reason=ReportReason.SPAM)
    expected = summary_text(moderation_summary())
    assert len(expected) > 1000
    with django_capture_on_commit_callbacks(execute=True):
        assert send_moderation_digests() == 1
    [summary] = Notification.objects.filter(recipient=moderator, kind=NotificationKind.MODERATION_SUMMARY)
    assert summary.message == expected
