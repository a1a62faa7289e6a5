"""The nightly moderation summary: the same few aggregate queries whatever the volume, then one
notification (and its email) per moderator per day."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from care.measures import measures_for_period, summary_parts
from conversations.selectors import check_in_counts, open_conversation_count
from forums.models import NotificationKind, Thread
from forums.notifications.outbox import notify_member
from forums.notifications.selectors import moderators_to_alert
from moderation.models import ItemStatus, Lane, ModerationAction, ModeratorDigest, QueueItem
from resources.models import Resource, Status


def moderation_summary(now=None) -> dict:
    """Open items by lane and by board, the oldest waiting, actions in the last 24 hours, threads
    waiting over a day for a first reply, resources past their review date."""
    now = now or timezone.now()
    open_items = QueueItem.objects.filter(status=ItemStatus.OPEN)
    by_lane = dict(open_items.values_list("lane").annotate(count=Count("pk")))
    by_board = list(
        open_items.exclude(post__isnull=True)
        .values_list("post__thread__board__name")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    oldest = open_items.aggregate(oldest=Min("created_at"))["oldest"]
    actions = ModerationAction.objects.filter(created_at__gte=now - timedelta(hours=24)).exclude(actor__isnull=True)
    return {
        "by_lane": by_lane,
        "by_board": by_board,
        "urgent": by_lane.get(Lane.URGENT, 0),
        "open": sum(by_lane.values()),
        "oldest": oldest,
        "actions": actions.count(),
        "unanswered": Thread.objects.filter(
            reply_count=0, is_hidden=False, created_at__lt=now - timedelta(hours=24)
        ).count(),
        "overdue_resources": Resource.objects.exclude(status=Status.ARCHIVED)
        .filter(next_review_due__lt=timezone.localdate(now))
        .count(),
        "check_ins": check_in_counts(since=now - timedelta(hours=24), until=now),
        "open_conversations": open_conversation_count(),
        # Aggregates only, over the last 24 hours: how quickly members and moderators were answered.
        "measures": measures_for_period(now - timedelta(hours=24), now),
    }


def summary_text(summary: dict, now=None) -> str:
    now = now or timezone.now()
    parts = [
        ngettext("%(count)d open item", "%(count)d open items", summary["open"]) % {"count": summary["open"]}
        + (
            " (" + ", ".join(f"{Lane(lane).label}: {count}" for lane, count in sorted(summary["by_lane"].items())) + ")"
            if summary["by_lane"]
            else ""
        ),
        ngettext("%(count)d urgent", "%(count)d urgent", summary["urgent"]) % {"count": summary["urgent"]},
    ]
    if summary["oldest"]:
        parts.append(_("the oldest waiting %(age)s") % {"age": timesince(summary["oldest"], now)})
    if summary["by_board"]:
        parts.append(
            _("by board: %(boards)s") % {"boards": ", ".join(f"{name} {n}" for name, n in summary["by_board"])}
        )
    parts.append(
        ngettext("%(count)d action in the last 24 hours", "%(count)d actions in the last 24 hours", summary["actions"])
        % {"count": summary["actions"]}
    )
    parts.append(
        ngettext(
            "%(count)d thread waiting over a day for a first reply",
            "%(count)d threads waiting over a day for a first reply",
            summary["unanswered"],
        )
        % {"count": summary["unanswered"]}
    )
    parts.append(
        ngettext(
            "%(count)d resource past its review date",
            "%(count)d resources past their review date",
            summary["overdue_resources"],
        )  # fmt: skip
        % {"count": summary["overdue_resources"]}
    )
    if "check_ins" in summary:
        counts = summary["check_ins"]
        parts.append(
            ngettext(
                "%(count)d check-in in the last 24 hours",
                "%(count)d check-ins in the last 24 hours",
                counts["check_ins"],
            )
            % {"count": counts["check_ins"]}
            + " "
            + _(
                "(%(automatic)d automatic out-of-hours messages; answered: %(okay)d okay now, %(struggling)d still "
                "struggling; %(unanswered)d with no answer after 48 hours)"
            )
            % counts
        )
        parts.append(
            ngettext(
                "%(count)d conversation with members open", "%(count)d conversations with members open",
                summary["open_conversations"],
            )  # fmt: skip
            % {"count": summary["open_conversations"]}
        )
    if "measures" in summary:
        parts += summary_parts(summary["measures"])
    return _("Tonight's summary: %(parts)s. Thank you for all you do.") % {"parts": "; ".join(parts)}


def send_moderation_digests(now=None) -> int:
    """Once per moderator per day (the ModeratorDigest unique key), even if beat runs it twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    text = summary_text(moderation_summary(now), now)
    sent = 0
    for moderator in moderators_to_alert():
        try:
            with transaction.atomic():
                ModeratorDigest.objects.create(moderator=moderator, day=today)
                notify_member(
                    moderator, kind=NotificationKind.MODERATION_SUMMARY, message=text, link=reverse("moderation:queue")
                )
        except IntegrityError:
            continue
        sent += 1
    return sent
