"""Reads for follow-ups and moderator care. A moderator's shift is worked out from what they did
(their logged moderation actions and their shift marks), so no other code has to remember to tell
us when someone is working."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import CharField, JSONField, Max, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import Debrief, LookInReminder, ShiftMark, ShiftMarkKind, TopicOptOut
from care.topics import items_on_topics, post_topics
from forums.models import Thread
from forums.notifications.selectors import moderators_to_alert
from moderation.models import ItemStatus, Lane, ModerationAction, QueueItem
from moderation.permissions import moderated_board_ids

# No shift lasts longer than this: a "Start my shift" left open overnight has ended by morning.
LONGEST_SHIFT = timedelta(hours=12)
# After settling an urgent item, a debrief is offered this long on the queue page.
DEBRIEF_OFFER_FOR = timedelta(hours=2)


def shift_gap() -> timedelta:
    return timedelta(minutes=settings.CARE_SHIFT_GAP_MINUTES)


def break_every() -> timedelta:
    return timedelta(minutes=settings.CARE_BREAK_EVERY_MINUTES)


# --- Reminders ------------------------------------------------------------------------------------


def reminder_get_for_thread(*, thread, member) -> LookInReminder | None:
    if not member.is_authenticated:
        return None
    return LookInReminder.objects.waiting().filter(thread=thread, member=member).first()


def reminder_list_for_member(member) -> list[LookInReminder]:
    """The member's waiting reminders, soonest first, with threads they can still see (one query)."""
    return list(
        LookInReminder.objects.waiting()
        .filter(member=member, thread__in=Thread.objects.visible_to(member))
        .select_related("thread__board")
        .order_by("due_at", "pk")
    )


# --- Shifts ---------------------------------------------------------------------------------------


@dataclass
class Shift:
    """A moderator's shift as it stands now. started_at is None when they are not on shift."""

    started_at: datetime | None = None
    started_explicitly: bool = False
    items_handled: int = 0
    urgent_opened: int = 0
    revealed: int = 0
    last_break_at: datetime | None = None
    break_due: bool = False
    on_shift_for: timedelta = field(default_factory=timedelta)

    @property
    def on_shift(self) -> bool:
        return self.started_at is not None


ACTION = "action"
OPT_OUT = "opt-out"


def _care_rows(moderator, now) -> list[tuple[str, datetime, list | None]]:
    """Everything the queue page needs for a moderator's care, in one query: their shift marks and
    logged actions within LONGEST_SHIFT (kind, when), and their opt-outs in force ("opt-out", ends
    at, topics). Newest first."""
    since = now - LONGEST_SHIFT
    no_topics = Value(None, output_field=JSONField())
    marks = ShiftMark.objects.filter(moderator=moderator, created_at__gte=since, created_at__lte=now).values_list(
        "kind", "created_at", no_topics
    )
    actions = (
        ModerationAction.objects.filter(actor=moderator, created_at__gte=since, created_at__lte=now)
        .annotate(row_kind=Value(ACTION, output_field=CharField()))
        .values_list("row_kind", "created_at", no_topics)
    )
    opt_outs = (
        TopicOptOut.objects.filter(moderator=moderator, ends_at__gt=now, ended_early_at__isnull=True)
        .annotate(row_kind=Value(OPT_OUT, output_field=CharField()))
        .values_list("row_kind", "ends_at", "topics")
    )
    rows = list(marks.order_by().union(actions.order_by(), opt_outs.order_by(), all=True))
    return sorted(rows, key=lambda row: row[1], reverse=True)


def _shift_start(rows, now) -> tuple[datetime | None, bool]:
    """(when the shift began, whether they started it themselves), from _care_rows. A "Start my
    shift" not ended since begins it; otherwise it began at their first action after a gap of
    CARE_SHIFT_GAP_MINUTES (and not before an "End my shift")."""
    timeline = [(kind, at) for kind, at, _topics in rows if kind != OPT_OUT]
    for kind, at in timeline:
        if kind == ShiftMarkKind.ENDED:
            break
        if kind == ShiftMarkKind.STARTED:
            return at, True
    start, previous = None, now
    for kind, at in timeline:
        if kind == ShiftMarkKind.ENDED or previous - at >= shift_gap():
            break
        if kind != ShiftMarkKind.STARTED:
            start, previous = at, at
    return start, False


def _light_shift(rows, now) -> Shift:
    """The shift's start and whether a break is due, from _care_rows alone (no further query)."""
    started_at, explicit = _shift_start(rows, now)
    if started_at is None:
        return Shift()
    last_break_at = next((at for kind, at, _topics in rows if kind == ShiftMarkKind.BREAK and at >= started_at), None)
    return Shift(
        started_at=started_at,
        started_explicitly=explicit,
        last_break_at=last_break_at,
        break_due=now - (last_break_at or started_at) >= break_every(),
        on_shift_for=now - started_at,
    )


def shift_for_moderator(moderator, *, now=None) -> Shift:
    """The shift view's numbers: items settled, urgent items opened and distressing content shown
    since the shift began (each item counted once), and whether a break is due."""
    now = now or timezone.now()
    shift = _light_shift(_care_rows(moderator, now), now)
    if not shift.on_shift:
        return shift
    marks = ShiftMark.objects.filter(moderator=moderator, created_at__gte=shift.started_at, created_at__lte=now)
    shift.urgent_opened = marks.filter(kind=ShiftMarkKind.OPENED_URGENT).values("item").distinct().count()
    shift.revealed = marks.filter(kind=ShiftMarkKind.REVEALED).values("item").distinct().count()
    shift.items_handled = QueueItem.objects.filter(
        status=ItemStatus.RESOLVED, resolved_by=moderator, resolved_at__gte=shift.started_at
    ).count()
    return shift


def moderator_ids_on_shift(*, now=None) -> set[int]:
    """Everyone on shift now: a "Start my shift" not ended (within LONGEST_SHIFT), or an action or
    shift mark within the last CARE_SHIFT_GAP_MINUTES that no "End my shift" came after. Three
    queries whatever the number of moderators."""
    now = now or timezone.now()
    recent = now - shift_gap()
    last_seen: dict[int, datetime] = dict(
        ModerationAction.objects.filter(created_at__gte=recent, actor__isnull=False)
        .values("actor_id")
        .annotate(last=Max("created_at"))
        .values_list("actor_id", "last")
    )
    for moderator_id, at in (
        ShiftMark.objects.filter(created_at__gte=recent)
        .exclude(kind__in=[ShiftMarkKind.STARTED, ShiftMarkKind.ENDED])
        .values("moderator_id")
        .annotate(last=Max("created_at"))
        .values_list("moderator_id", "last")
    ):
        last_seen[moderator_id] = max(at, last_seen.get(moderator_id, at))
    boundaries: dict[int, tuple[str, datetime]] = {}
    for moderator_id, kind, at in (
        ShiftMark.objects.filter(
            kind__in=[ShiftMarkKind.STARTED, ShiftMarkKind.ENDED], created_at__gte=now - LONGEST_SHIFT
        )
        .order_by("moderator_id", "-created_at", "-pk")
        .values_list("moderator_id", "kind", "created_at")
    ):
        boundaries.setdefault(moderator_id, (kind, at))
    on_shift = {moderator_id for moderator_id, (kind, _at) in boundaries.items() if kind == ShiftMarkKind.STARTED}
    for moderator_id, at in last_seen.items():
        kind, boundary_at = boundaries.get(moderator_id, ("", None))
        if kind == ShiftMarkKind.ENDED and boundary_at >= at:
            continue
        on_shift.add(moderator_id)
    return on_shift


# --- Topic opt-outs -------------------------------------------------------------------------------


def opt_outs_in_force(moderator, *, now=None) -> list[TopicOptOut]:
    now = now or timezone.now()
    return list(TopicOptOut.objects.filter(moderator=moderator, ends_at__gt=now, ended_early_at__isnull=True))


def opted_out_topics_by_moderator(moderator_ids, *, now=None) -> dict[int, set[str]]:
    """Each moderator's topics set aside right now (one query)."""
    now = now or timezone.now()
    topics: dict[int, set[str]] = {}
    for moderator_id, chosen in TopicOptOut.objects.filter(
        moderator_id__in=list(moderator_ids), ends_at__gt=now, ended_early_at__isnull=True
    ).values_list("moderator_id", "topics"):
        topics.setdefault(moderator_id, set()).update(chosen)
    return topics


def someone_else_can_take(topics, *, moderator, board_id=None, now=None) -> bool:
    """Whether another moderator who may see such an item (and has not set these topics aside) is
    on shift now."""
    others = moderator_ids_on_shift(now=now) - {moderator.pk}
    if not others:
        return False
    able = set(moderators_to_alert(board_id=board_id).filter(pk__in=others).values_list("pk", flat=True))
    set_aside = opted_out_topics_by_moderator(able, now=now)
    return any(not (set_aside.get(moderator_id, set()) & set(topics)) for moderator_id in able)


def alert_recipients(*, post, urgent: bool, moderator_ids, now=None) -> tuple[list[int], set[int]]:
    """Who an alert about this post reaches, honouring topic opt-outs: a moderator who set its topics
    aside is left out while someone else who can take it is on shift; when nobody else is, they are
    asked instead ("nobody else is on shift: can you take this?"). Returns (recipients, asked)."""
    moderator_ids = list(moderator_ids)
    topics = post_topics(post, urgent=urgent)
    if not topics or not moderator_ids:
        return moderator_ids, set()
    set_aside = opted_out_topics_by_moderator(moderator_ids, now=now)
    opted_out = {moderator_id for moderator_id, chosen in set_aside.items() if chosen & topics}
    if not opted_out:
        return moderator_ids, set()
    on_shift = moderator_ids_on_shift(now=now)
    able_on_shift = [m for m in moderator_ids if m in on_shift and m not in opted_out]
    if able_on_shift:
        return [m for m in moderator_ids if m not in opted_out], set()
    return moderator_ids, opted_out


def ask_first_message(message: str) -> str:
    """An alert to a moderator who set its topic aside, sent only because nobody else can take it."""
    return _("Nobody else is on shift: can you take this? (It is on a topic you asked to leave to others; it's "
             "okay to say no.) %(alert)s") % {"alert": message}  # fmt: skip


@dataclass
class QueueCare:
    """What the queue page shows for the moderator's own care."""

    shift: Shift
    topics: set[str] = field(default_factory=set)
    opt_out_ends_at: datetime | None = None
    set_aside: Q | None = None
    set_aside_count: int = 0
    alone: bool = False
    showing_all: bool = False
    debrief_item: QueueItem | None = None


def queue_care_for(moderator, *, show_all: bool = False, now=None) -> QueueCare:
    """The moderator's shift (its start, and whether a break is due), the items their topic opt-out
    sets aside (out of the default view while someone else who can take them is on shift; when
    nobody is, they are asked first, and shown only when they say yes), and an urgent item they
    settled lately with no debrief yet. Two queries, plus two when an opt-out is in force."""
    now = now or timezone.now()
    rows = _care_rows(moderator, now)
    care = QueueCare(shift=_light_shift(rows, now), showing_all=show_all)
    opt_outs = [(at, topics) for kind, at, topics in rows if kind == OPT_OUT]
    if opt_outs:
        care.topics = set().union(*(set(topics or []) for _at, topics in opt_outs))
        care.opt_out_ends_at = max(at for at, _topics in opt_outs)
        on_topics = items_on_topics(care.topics)
        items = QueueItem.objects.filter(status=ItemStatus.OPEN).filter(on_topics)
        scope = moderated_board_ids(moderator)
        if scope is not None:
            items = items.filter(post__thread__board_id__in=scope)
        care.set_aside_count = items.count()
        if care.set_aside_count:
            care.alone = not someone_else_can_take(care.topics, moderator=moderator, now=now)
        if not show_all:
            care.set_aside = on_topics
    answered = Debrief.objects.filter(moderator=moderator, item__isnull=False).values("item_id")
    care.debrief_item = (
        QueueItem.objects.filter(
            lane=Lane.URGENT,
            status=ItemStatus.RESOLVED,
            resolved_by=moderator,
            resolved_at__gte=now - DEBRIEF_OFFER_FOR,
        )
        .exclude(pk__in=answered)
        .select_related("post__thread")
        .order_by("-resolved_at")
        .first()
    )
    return care


def debrief_item_for(moderator, pk) -> QueueItem | None:
    """An urgent item this moderator settled: the only kind a debrief is offered for."""
    return (
        QueueItem.objects.filter(pk=pk, lane=Lane.URGENT, status=ItemStatus.RESOLVED, resolved_by=moderator)
        .select_related("post__thread")
        .first()
    )


def debriefs_for_moderator(moderator, *, limit: int = 10) -> list[Debrief]:
    return list(Debrief.objects.filter(moderator=moderator, skipped=False).select_related("item")[:limit])


# --- Export ---------------------------------------------------------------------------------------


def member_care_data_for_export(user) -> dict:
    """A member's reminders; for a moderator, also their shift marks, topic opt-outs and debrief
    notes (their own words and their own record; nothing about the members in the items)."""
    return {
        "look_in_reminders": [
            {
                "thread_url": reminder.thread.get_absolute_url(),
                "due": reminder.due_at.isoformat(),
                "status": reminder.status,
                "set": reminder.created_at.isoformat(),
            }
            for reminder in LookInReminder.objects.filter(member=user).select_related("thread").order_by("created_at")
        ],
        "moderator_shift_marks": [
            {"what": kind, "when": at.isoformat()}
            for kind, at in ShiftMark.objects.filter(moderator=user)
            .order_by("created_at")
            .values_list("kind", "created_at")
        ],
        "moderator_topic_opt_outs": [
            {
                "topics": opt_out.topics,
                "set": opt_out.created_at.isoformat(),
                "until": opt_out.ends_at.isoformat(),
                "ended_early": opt_out.ended_early_at.isoformat() if opt_out.ended_early_at else None,
            }
            for opt_out in TopicOptOut.objects.filter(moderator=user).order_by("created_at")
        ],
        "moderator_debrief_notes": [
            {"text": debrief.text, "shared_with": debrief.sharing, "written": debrief.created_at.isoformat()}
            for debrief in Debrief.objects.filter(moderator=user, skipped=False).order_by("created_at")
        ],
    }
