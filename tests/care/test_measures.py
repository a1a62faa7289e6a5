"""Measures without tracking members: medians and counts for a period, for admins with two-factor
only, naming nobody, at a cost in queries that does not grow with the volume."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care.measures import duration_words, measures_for_period
from forums.models import Post, Thread
from moderation.digest import moderation_summary, summary_text
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem, Report, ReportReason
from moderation.services import file_report
from tests.factories import AdminFactory, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db

MEASURES = reverse("care:measures")


def _at(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def _host():
    """The thread that reported and urgent posts live in: started long before any period measured,
    so it never counts as a new thread."""
    host = Thread.objects.filter(title="Host thread").first()
    if host is None:
        host = ThreadFactory(title="Host thread")
        _at(Thread, host.pk, created_at=timezone.now() - timedelta(days=400))
    return host


def _thread_answered_after(hours, *, base):
    thread = ThreadFactory()
    _at(Thread, thread.pk, created_at=base)
    if hours is not None:
        reply = reply_to(thread)
        _at(Post, reply.pk, created_at=base + timedelta(hours=hours))
    return thread


def _report_decided_after(hours, *, base):
    post = reply_to(_host())
    report, _created = file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    _at(Report, report.pk, created_at=base)
    _at(QueueItem, report.item_id, status=ItemStatus.RESOLVED, resolved_at=base + timedelta(hours=hours))


def _urgent_checked_in_after(minutes, *, base, moderator):
    item = QueueItem.objects.create(post=reply_to(_host()), lane=Lane.URGENT, check_in_requested=True)
    _at(QueueItem, item.pk, created_at=base)
    if minutes is not None:
        for offset in (minutes, minutes + 60):  # only the first check-in counts
            action = ModerationAction.objects.create(actor=moderator, verb=ModerationVerb.CHECK_IN, item=item)
            _at(ModerationAction, action.pk, created_at=base + timedelta(minutes=offset))
    return item


def _volume(count, *, base, moderator):
    for index in range(count):
        _thread_answered_after(2 + index % 3, base=base)
        _report_decided_after(1 + index % 2, base=base)
        item = _urgent_checked_in_after(30 + index, base=base, moderator=moderator)
        answer = ModerationAction.objects.create(
            actor=None, verb=ModerationVerb.CHECK_IN_ANSWERED, item=item, new_value={"answer": "okay"}
        )
        _at(ModerationAction, answer.pk, created_at=base + timedelta(hours=2))


def test_measures_are_medians_and_counts_for_the_period():
    moderator = ModeratorFactory()
    base = timezone.now() - timedelta(days=2)
    _thread_answered_after(2, base=base)
    _thread_answered_after(4, base=base)
    _thread_answered_after(None, base=base)  # still waiting: counted, not in the median
    old = _thread_answered_after(1, base=base - timedelta(days=40))  # outside the period
    _report_decided_after(1, base=base)
    _report_decided_after(3, base=base)
    first = _urgent_checked_in_after(30, base=base, moderator=moderator)
    _urgent_checked_in_after(90, base=base, moderator=moderator)
    _urgent_checked_in_after(None, base=base, moderator=moderator)
    for verb, value in [
        (ModerationVerb.CHECK_IN_AUTOMATIC, None),
        (ModerationVerb.CHECK_IN_ANSWERED, {"answer": "okay"}),
        (ModerationVerb.CHECK_IN_ANSWERED, {"answer": "struggling"}),
        (ModerationVerb.CHECK_IN_UNANSWERED, None),
    ]:
        action = ModerationAction.objects.create(actor=None, verb=verb, item=first, new_value=value)
        _at(ModerationAction, action.pk, created_at=base + timedelta(hours=3))

    measures = measures_for_period(timezone.now() - timedelta(days=30), timezone.now())
    assert (measures.new_threads, measures.threads_answered) == (3, 2)
    assert measures.first_reply_median == timedelta(hours=3)
    assert (measures.reports_decided, measures.decision_median) == (2, timedelta(hours=2))
    assert (measures.urgent_items, measures.urgent_checked_in) == (3, 2)
    assert measures.check_in_median == timedelta(hours=1)
    assert measures.check_ins_made == 4
    assert measures.check_ins_automatic == 1
    assert (measures.check_ins_answered, measures.answered_okay, measures.answered_struggling) == (2, 1, 1)
    assert measures.check_ins_unanswered == 1
    assert old.pk  # the old thread exists, and is not counted above


def test_a_reply_by_the_threads_own_author_is_not_a_first_reply():
    base = timezone.now() - timedelta(days=1)
    thread = ThreadFactory()
    _at(Thread, thread.pk, created_at=base)
    _at(Post, reply_to(thread, author=thread.author).pk, created_at=base + timedelta(minutes=5))
    measures = measures_for_period(base - timedelta(hours=1), timezone.now())
    assert (measures.new_threads, measures.threads_answered, measures.first_reply_median) == (1, 0, None)


def test_measures_cost_the_same_queries_at_any_volume(django_assert_num_queries):
    moderator = ModeratorFactory()
    base = timezone.now() - timedelta(days=1)
    start, end = timezone.now() - timedelta(days=7), timezone.now()
    _volume(1, base=base, moderator=moderator)
    with django_assert_num_queries(8):
        small = measures_for_period(start, end)
    _volume(30, base=base, moderator=moderator)
    with django_assert_num_queries(8):
        large = measures_for_period(start, end)
    assert (small.new_threads, large.new_threads) == (1, 31)
    assert large.check_ins_answered == 31


def test_measures_page_costs_the_same_queries_at_any_volume(client, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    moderator = ModeratorFactory()
    base = timezone.now() - timedelta(days=1)
    client.force_login(admin_user)

    def count():
        client.get(MEASURES)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MEASURES).status_code == 200
        return len(captured)

    _volume(1, base=base, moderator=moderator)
    one = count()
    _volume(25, base=base, moderator=moderator)
    assert count() == one


def test_measures_page_shows_aggregates_and_names_nobody(django_app):
    admin = AdminFactory()
    moderator = ModeratorFactory(username="kestrel")
    _volume(3, base=timezone.now() - timedelta(days=1), moderator=moderator)
    page = django_app.get(MEASURES, user=admin)
    text = html.unescape(page.text)
    assert "Time to a first reply on new threads" in text
    assert "3 of 3 new threads answered by someone else" in text
    assert "Time from a crisis signal to a first check-in by a person" in text
    names = type(admin).objects.exclude(pk=admin.pk).values_list("username", flat=True)
    assert "kestrel" in names
    for username in names:
        assert username not in text


def test_measures_period_form_as_rendered(django_app, admin_user):
    page = django_app.get(MEASURES, user=admin_user)
    form = page.forms["measures-period"]
    offered = [value for value, _selected, _label in form["period"].options]
    assert offered == ["7", "30", "90", "custom"]
    form["period"].select("custom")
    form["start"] = "2026-11-20"
    form["end"] = "2026-11-10"
    again = form.submit()
    assert "The second date comes before the first: please swap them." in html.unescape(again.text)
    form = again.forms["measures-period"]
    form["start"] = "2026-11-01"
    form["end"] = "2026-11-10"
    shown = form.submit()
    assert "From 1 November 2026 to 10 November 2026" in shown.text


@pytest.mark.parametrize("who", ["visitor", "member", "moderator", "admin without two-factor"])
def test_measures_are_for_admins_with_two_factor_only(django_app, who):
    users = {
        "visitor": None,
        "member": UserFactory(),
        "moderator": ModeratorFactory(),
        "admin without two-factor": AdminFactory(two_factor=False),
    }
    response = django_app.get(MEASURES, user=users[who], expect_errors=True)
    if who == "visitor":
        assert response.status_code == 302 and "login" in response.location
    elif who == "admin without two-factor":
        assert response.status_code == 302 and response.location == reverse("mfa_activate_totp")
    else:
        assert response.status_code == 403


def test_nightly_summary_carries_the_measures_for_the_last_day():
    _thread_answered_after(2, base=timezone.now() - timedelta(hours=5))
    text = summary_text(moderation_summary())
    assert "median time to a first reply on new threads 2 h 0 min (1 of 1 answered)" in text
    assert "median time from a crisis signal to a first check-in no data yet" in text
    # Check-ins are counted once, on their own line with the answers.
    assert "0 check-ins in the last 24 hours" in text and "check-ins made" not in text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "no data yet"),
        (timedelta(seconds=20), "under a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(hours=3, minutes=20), "3 h 20 min"),
        (timedelta(days=2, hours=4), "2 days 4 h"),
    ],
)
def test_duration_words(value, words):
    assert duration_words(value) == words


def test_measures_count_the_conversations_with_members_open_now(django_app):
    from conversations.models import Topic
    from conversations.services import close_conversation, start_conversation_as_member

    moderator = ModeratorFactory()
    members = [UserFactory(date_joined=timezone.now() - timedelta(days=60)) for _ in range(3)]
    conversations = [
        start_conversation_as_member(acting_user=member, topic=Topic.GENERAL, body="Hello, team.") for member in members
    ]
    close_conversation(conversations[0], acting_user=moderator)
    assert measures_for_period(timezone.now() - timedelta(days=7), timezone.now()).conversations_open == 2
    page = django_app.get(MEASURES, user=AdminFactory())
    [open_now] = page.html.select("dt:-soup-contains('Open now') + dd")
    assert open_now.text == "2"
