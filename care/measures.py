"""Measures without tracking members: how quickly the community and its moderators answer, as
aggregates over a period and nothing else. No row, name or id of a member leaves this module, and
the number of queries is the same whatever the volume (seven, each an aggregate computed in the
database on PostgreSQL)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conversations.selectors import open_conversation_count
from forums.models import Post, Thread
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem, Report


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median computed where the rows are."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _median(queryset, expression) -> timedelta | None:
    """One query: in the database on PostgreSQL; elsewhere (SQLite under `make run`) the durations
    are read in that one query and the median taken here."""
    waits = queryset.annotate(wait=ExpressionWrapper(expression, output_field=DurationField()))
    if connection.vendor == "postgresql":
        return waits.aggregate(median=Median("wait"))["median"]
    values = [value for value in waits.values_list("wait", flat=True) if value is not None]
    return median(values) if values else None


@dataclass
class Measures:
    start: datetime
    end: datetime
    new_threads: int
    threads_answered: int
    first_reply_median: timedelta | None
    reports_decided: int
    decision_median: timedelta | None
    urgent_items: int
    urgent_checked_in: int
    check_in_median: timedelta | None
    check_ins_made: int
    check_ins_automatic: int
    check_ins_answered: int
    answered_okay: int
    answered_struggling: int
    check_ins_unanswered: int
    # Right now, not over the period: team conversations with members still open.
    conversations_open: int


def measures_for_period(start: datetime, end: datetime) -> Measures:
    """Over [start, end): threads started, reports filed and urgent items opened in the period, and
    check-in outcomes logged in it."""
    # Time to first reply: the first published reply by someone other than the thread's author.
    first_reply = (
        Post.objects.filter(thread=OuterRef("pk"), position__gt=1, is_hidden=False, is_pending_approval=False)
        .exclude(author=OuterRef("author"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    threads = Thread.objects.filter(created_at__gte=start, created_at__lt=end).annotate(
        first_reply_at=Subquery(first_reply)
    )
    thread_counts = threads.aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(first_reply_at__isnull=False))
    )  # 1
    first_reply_median = _median(threads.filter(first_reply_at__isnull=False), F("first_reply_at") - F("created_at"))

    decided = Report.objects.filter(
        created_at__gte=start, created_at__lt=end, item__status=ItemStatus.RESOLVED, item__resolved_at__isnull=False
    )
    decision_median = _median(decided, F("item__resolved_at") - F("created_at"))

    first_check_in = (
        ModerationAction.objects.filter(item=OuterRef("pk"), verb=ModerationVerb.CHECK_IN)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    urgent = QueueItem.objects.filter(lane=Lane.URGENT, created_at__gte=start, created_at__lt=end).annotate(
        checked_in_at=Subquery(first_check_in)
    )
    check_in_median = _median(urgent.filter(checked_in_at__isnull=False), F("checked_in_at") - F("created_at"))

    log = ModerationAction.objects.filter(created_at__gte=start, created_at__lt=end)
    counts = log.aggregate(
        made=Count("pk", filter=Q(verb=ModerationVerb.CHECK_IN)),
        automatic=Count("pk", filter=Q(verb=ModerationVerb.CHECK_IN_AUTOMATIC)),
        answered=Count("pk", filter=Q(verb=ModerationVerb.CHECK_IN_ANSWERED)),
        okay=Count("pk", filter=Q(verb=ModerationVerb.CHECK_IN_ANSWERED, new_value__answer="okay")),
        struggling=Count("pk", filter=Q(verb=ModerationVerb.CHECK_IN_ANSWERED, new_value__answer="struggling")),
        unanswered=Count("pk", filter=Q(verb=ModerationVerb.CHECK_IN_UNANSWERED)),
    )
    urgent_counts = urgent.aggregate(total=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)))
    return Measures(
        start=start,
        end=end,
        new_threads=thread_counts["total"],
        threads_answered=thread_counts["answered"],
        first_reply_median=first_reply_median,
        reports_decided=decided.count(),
        decision_median=decision_median,
        urgent_items=urgent_counts["total"],
        urgent_checked_in=urgent_counts["checked_in"],
        check_in_median=check_in_median,
        check_ins_made=counts["made"],
        check_ins_automatic=counts["automatic"],
        check_ins_answered=counts["answered"],
        answered_okay=counts["okay"],
        answered_struggling=counts["struggling"],
        check_ins_unanswered=counts["unanswered"],
        conversations_open=open_conversation_count(),
    )


def duration_words(value: timedelta | None) -> str:
    """ "3 h 20 min", "2 days 4 h", "under a minute"; "no data yet" when nothing was measured."""
    if value is None:
        return _("no data yet")
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return _("under a minute")
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return ngettext("%(days)d day %(hours)d h", "%(days)d days %(hours)d h", days) % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}


def summary_parts(measures: Measures) -> list[str]:
    """Lines for the nightly summary (aggregates only, as on the measures page)."""
    return [
        _("median time to a first reply on new threads %(wait)s (%(answered)d of %(total)d answered)")
        % {
            "wait": duration_words(measures.first_reply_median),
            "answered": measures.threads_answered,
            "total": measures.new_threads,
        },
        _("median time to a decision on reports %(wait)s") % {"wait": duration_words(measures.decision_median)},
        _("median time from a crisis signal to a first check-in %(wait)s")
        % {"wait": duration_words(measures.check_in_median)},
    ]  # check-ins made and answered have their own line, with the answers (moderation/digest.py)
