"""Moderator actions. Each one locks its row, does nothing (and returns False) when the target is
already in the requested state, and writes one ModerationAction row in the same transaction."""

import contextlib
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from redis.exceptions import RedisError

from forums.models import Board, ContentWarning, NotificationKind, Post, Thread
from forums.services.notifications import alert_moderators, notify_member
from forums.services.posting import forget_as_latest
from moderation.models import (
    APPEALABLE_VERBS,
    CLAIM_EXPIRES_AFTER,
    Appeal,
    AppealStatus,
    BlockedEmail,
    ItemStatus,
    Lane,
    MemberNote,
    ModerationAction,
    ModerationVerb,
    QueueItem,
    Report,
    ReportReason,
    Sanction,
    SanctionKind,
)
from moderation.permissions import can_moderate, can_moderate_board, is_global_moderator
from moderation.staffing import moderators_on_duty
from safespace.dates import format_when
from safespace.refusals import Refused
from safespace.wording import as_sentence


def _require_moderator(user, *, board_id=None, global_only: bool = False) -> None:
    """Raises PermissionDenied unless the user may moderate here: anything for global moderators;
    for board moderators, only posts and threads on their boards (never accounts or appeals)."""
    if global_only:
        if not is_global_moderator(user):
            raise PermissionDenied
    elif board_id is not None:
        if not can_moderate_board(user, board_id):
            raise PermissionDenied
    elif not can_moderate(user):
        raise PermissionDenied


def _require_moderator_for_item(user, item) -> None:
    if item.post_id is None:
        _require_moderator(user, global_only=True)  # items about a member's account
    else:
        _require_moderator(
            user, board_id=Post.objects.filter(pk=item.post_id).values_list("thread__board_id", flat=True).first()
        )


def _filed_under(post: Post | None) -> int | None:
    """The member a decision about this post is filed under: its author, or nobody when the post is
    anonymous. The post stays the target, so the decision shows on the post and its item, but never
    in the author's record, counts or the admin log: a logged reveal is the only route from an
    anonymous post to its author."""
    if post is None or post.is_anonymous:
        return None
    return post.author_id


def _thread_filed_under(thread) -> int | None:
    return None if thread.is_anonymous else thread.author_id


def add_content_warning(post: Post, *, acting_user, warning: str, reason: str = "") -> bool:
    """Adds a warning the author did not set, so readers' content-warning choices apply to it. The
    author is told kindly; nothing else about the post changes."""
    _require_moderator(acting_user, board_id=post.thread.board_id)
    if warning not in ContentWarning.values:
        raise Refused(_("Please choose one of the content warnings."))
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        if warning in locked.content_warnings:
            return False
        old = list(locked.content_warnings)
        chosen = set(old) | {warning}
        locked.content_warnings = [value for value in ContentWarning.values if value in chosen]
        locked.save(update_fields=["content_warnings"])
        ModerationAction.objects.create(
            actor=acting_user,
            verb=ModerationVerb.ADD_CONTENT_WARNING,
            post=locked,
            member_id=_filed_under(locked),
            reason=reason,
            old_value=old,
            new_value=locked.content_warnings,
        )
        notify_member(
            locked.author,
            kind=NotificationKind.MODERATION,
            message=_(
                "A moderator added the content warning “%(warning)s” to your post in “%(thread)s”, so each "
                "reader can choose whether to open it. Your words are unchanged."
            )
            % {"warning": ContentWarning(warning).label, "thread": locked.thread.title},
            link=locked.get_absolute_url(),
            post=locked,
        )
    post.content_warnings = locked.content_warnings
    return True


def reveal_anonymous_author(post: Post, *, acting_user, reason: str):
    """Returns who wrote an anonymous post. Every reveal needs a reason and is logged, each time."""
    _require_moderator(acting_user, board_id=post.thread.board_id)
    if not post.is_anonymous:
        raise Refused(_("This post is not anonymous: its author is shown on the post."))
    if not reason.strip():
        raise Refused(_("Please say why you need to know who wrote this post. The reason is logged."))
    with transaction.atomic():
        ModerationAction.objects.create(
            actor=acting_user,
            verb=ModerationVerb.REVEAL_AUTHOR,
            post=post,
            member_id=_filed_under(post),
            reason=reason.strip(),
        )
    return post.author


# --- Reports and the queue -----------------------------------------------------------------------

REPORTS_PER_DAY = 20
# Suspended and banned members can still tell us about harassment or about someone at risk, a few
# times a day. Their reports count like a new account's, so a restriction never becomes a way to
# hide the posts of the members who reported them.
RESTRICTED_REPORTS_PER_DAY = 5
NEW_MEMBER_DAYS = 7
# How much one report adds to an item's score. A moderator's report counts most; a brand-new
# account's least, so a handful of fresh accounts cannot pile onto someone.
REPORT_WEIGHTS = {"moderator": Decimal("3"), "member": Decimal("1"), "new-member": Decimal("0.6")}
# A post is hidden until a moderator decides once its reports weigh this much: 3 established members,
# 5 new ones, or one moderator. Outside staffed hours nobody may look for a while, so 2 is enough
# (2 established members, 4 new ones). "I'm worried about this person" weighs nothing here: it goes
# to the urgent lane, and must never silence the person someone is worried about.
AUTO_HIDE_SCORE = Decimal("3")
AUTO_HIDE_SCORE_OFF_HOURS = Decimal("2")
# The end of every urgent alert, in the bell and by email: one short ask, the same each time.
URGENT_ALERT_ASK = _lazy("Please look as soon as you can.")



def report_weight(user) -> Decimal:
    if is_global_moderator(user):
        return REPORT_WEIGHTS["moderator"]
    if restriction_for(user) is not None or user.date_joined > timezone.now() - timedelta(days=NEW_MEMBER_DAYS):
        return REPORT_WEIGHTS["new-member"]
    return REPORT_WEIGHTS["member"]


def urgent_alert_message(why: str) -> str:
    """ "Urgent: <why> Please look as soon as you can." The same shape for every urgent alert."""
    return _("Urgent: %(why)s %(ask)s") % {"why": why, "ask": URGENT_ALERT_ASK}


def _open_item_for(*, post=None, member=None) -> QueueItem:
    """The target's unresolved item, locked; created when there is none (the conditional unique
    constraint settles two reports arriving at once)."""
    target = {"post": post} if post is not None else {"member": member}
    item = QueueItem.objects.select_for_update().filter(status=ItemStatus.OPEN, **target).first()
    if item is not None:
        return item
    try:
        with transaction.atomic():
            return QueueItem.objects.create(**target)
    except IntegrityError:
        return QueueItem.objects.select_for_update().get(status=ItemStatus.OPEN, **target)


def _check_report_allowance(acting_user, *, reason: str) -> None:
    """The daily caps: 20 reports, or 5 for a suspended or banned member. "I'm worried" is never
    held back by the lower cap (it is limited to once a day per person instead)."""
    since = timezone.now() - timedelta(days=1)
    recent = Report.objects.filter(reporter=acting_user, updated_at__gte=since)
    if recent.count() >= REPORTS_PER_DAY:
        raise Refused(
            _(
                "You have sent a lot of reports today, thank you. Please try again tomorrow, "
                "or use Get help now if someone is in danger."
            )
        )
    restricted = reason != ReportReason.WORRIED and restriction_for(acting_user) is not None
    if restricted and recent.exclude(reason=ReportReason.WORRIED).count() >= RESTRICTED_REPORTS_PER_DAY:
        raise Refused(
            _(
                "While your posting is paused you can send up to %(count)d reports a day, and you have "
                "sent them today. Please try again tomorrow. If you are worried about someone, you can "
                "still tell us, and Get help now is always there."
            )
            % {"count": RESTRICTED_REPORTS_PER_DAY}
        )


def file_report(
    *, acting_user, reason: str, post: Post | None = None, member=None, note: str = "", guideline_section=None
) -> tuple[Report, bool]:
    """Files (or, when the member already has an open report on it, updates) a report. Returns
    (report, created). "I'm worried about this person" goes to the urgent lane and alerts moderators,
    once per reporter per person per day (a second one returns the first, created=False); nothing is
    ever sent to the member reported. Suspended and banned members may report, at a lower daily cap.
    Raises Refused with words for the reporter."""
    if (post is None) == (member is None):
        raise ValueError("report a post or a member")
    if reason not in ReportReason.values:
        raise Refused(_("Please choose a reason."))
    note = note.strip()
    if reason == ReportReason.OTHER and not note:
        raise Refused(_("Please tell us a little about what is wrong, so a moderator can help."))
    if reason == ReportReason.GUIDELINE and guideline_section is None:
        raise Refused(_("Please choose which guideline it breaks."))
    reported_member_id = post.author_id if post is not None else member.pk
    if reported_member_id == acting_user.pk:
        raise Refused(_("You can't report yourself. If you want a post of yours gone, you can remove it."))
    _check_report_allowance(acting_user, reason=reason)
    worried = reason == ReportReason.WORRIED
    # A worry about an anonymous post is about that post: counted under its author, a reader who had
    # already said it about them today would be told so, and learn who wrote it. (NULL never collides
    # in the once-a-day constraint; a second worry about the same post updates the open report.)
    worried_about_id = None if post is not None and post.is_anonymous else reported_member_id
    worry = {"worried_about_id": worried_about_id if worried else None,
             "worried_on": timezone.localdate() if worried else None}  # fmt: skip
    try:
        with transaction.atomic():
            report, created = _save_report(
                acting_user=acting_user, post=post, member=member, reason=reason, note=note,
                guideline_section=guideline_section, worry=worry,
            )  # fmt: skip
    except IntegrityError:
        # The database said no: the same form sent twice at once, or "I'm worried" about this person
        # already today (from this post or another of theirs). Nothing was written; the earlier
        # report stands and the moderators already have it.
        earlier = Report.objects.filter(reporter=acting_user, is_open=True, post=post, member=member).first()
        if worried:
            same_worry = Report.objects.filter(reporter=acting_user, reason=ReportReason.WORRIED, **worry)
            earlier = same_worry.first() or earlier
        if earlier is None:
            raise
        return earlier, False
    return report, created


def _save_report(*, acting_user, post, member, reason, note, guideline_section, worry) -> tuple[Report, bool]:
    """Call inside a transaction: writes the report, moves the item's score and lane, hides the post
    past the threshold and alerts moderators to a new worry."""
    item = _open_item_for(post=post, member=member)
    report = Report.objects.filter(reporter=acting_user, item=item, is_open=True).first()
    created = report is None
    if created:
        report = Report.objects.create(
            reporter=acting_user, item=item, post=post, member=member, reason=reason,
            guideline_section=guideline_section, note=note,
            weight=Decimal("0") if reason == ReportReason.WORRIED else report_weight(acting_user), **worry,
        )  # fmt: skip
        item.score = F("score") + report.weight
    else:
        already_worried = report.reason == ReportReason.WORRIED
        report.reason, report.note, report.guideline_section = reason, note, guideline_section
        fields = ["reason", "note", "guideline_section", "updated_at"]
        if not (already_worried and reason == ReportReason.WORRIED):
            report.worried_about_id, report.worried_on = worry["worried_about_id"], worry["worried_on"]
            fields += ["worried_about", "worried_on"]
        report.save(update_fields=fields)
    became_urgent = reason == ReportReason.WORRIED and item.lane != Lane.URGENT
    if became_urgent:
        item.lane = Lane.URGENT
    item.save(update_fields=["score", "lane"])
    item.refresh_from_db(fields=["score"])
    if post is not None:
        _hide_when_reports_pass_the_threshold(item, post)
    if became_urgent:
        alert_moderators(
            kind=NotificationKind.URGENT_ITEM,
            message=urgent_alert_message(_("a member is worried about someone.")),
            link=reverse("moderation:item-detail", args=[item.pk]),
            post=post,
        )
    return report, created


# Beside the author's own hidden post: no moderator has acted yet, and nothing is lost.
AUTO_HIDDEN_REASON = _lazy("Hidden for now after members' reports, until a moderator looks.")


def _hide_when_reports_pass_the_threshold(item: QueueItem, post: Post) -> None:
    threshold = AUTO_HIDE_SCORE if moderators_on_duty() else AUTO_HIDE_SCORE_OFF_HOURS
    if item.score < threshold or item.auto_hidden:
        return
    reason = str(AUTO_HIDDEN_REASON)
    if not Post.objects.filter(pk=post.pk, is_hidden=False).update(is_hidden=True, hidden_reason=reason):
        return
    forget_as_latest([post.pk])
    QueueItem.objects.filter(pk=item.pk).update(auto_hidden=True)
    item.auto_hidden = True
    ModerationAction.objects.create(
        actor=None, verb=ModerationVerb.AUTO_HIDE, item=item, post=post, member_id=_filed_under(post),
        reason=f"report score {item.score} ≥ {threshold}",
        old_value={"is_hidden": False}, new_value={"is_hidden": True},
    )  # fmt: skip
    notify_member(
        post.author,
        kind=NotificationKind.MODERATION,
        message=_(
            "Your post in “%(thread)s” is hidden for now, after members' reports, until a moderator looks. "
            "No moderator has decided anything yet; if it breaks no guideline, it comes back. Nothing you "
            "wrote is lost."
        )
        % {"thread": post.thread.title},
        link=post.get_absolute_url(),
        post=post,
    )


def claim_item(item: QueueItem, *, acting_user) -> bool:
    """Takes the item so others see who has it. False when another moderator holds a claim that has
    not expired (30 minutes idle), or when it is resolved already."""
    _require_moderator_for_item(acting_user, item)
    with transaction.atomic():
        locked = QueueItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != ItemStatus.OPEN:
            return False
        held_by_other = (
            locked.claimed_by_id not in (None, acting_user.pk)
            and locked.claimed_at > timezone.now() - CLAIM_EXPIRES_AFTER
        )
        if held_by_other:
            return False
        QueueItem.objects.filter(pk=locked.pk).update(claimed_by=acting_user, claimed_at=timezone.now())
        ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.CLAIM, item=locked, post=locked.post)
    return True


def release_item(item: QueueItem, *, acting_user) -> bool:
    _require_moderator_for_item(acting_user, item)
    with transaction.atomic():
        released = QueueItem.objects.filter(pk=item.pk, claimed_by=acting_user, status=ItemStatus.OPEN).update(
            claimed_by=None, claimed_at=None
        )
        if released:
            ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.RELEASE, item=item, post=item.post)
    return bool(released)


def release_all_claims(*, acting_user) -> int:
    """Hand over: everything this moderator holds goes back to the queue, logged per item."""
    _require_moderator(acting_user)
    with transaction.atomic():
        items = list(QueueItem.objects.select_for_update().filter(status=ItemStatus.OPEN, claimed_by=acting_user))
        QueueItem.objects.filter(pk__in=[item.pk for item in items]).update(claimed_by=None, claimed_at=None)
        ModerationAction.objects.bulk_create(
            [
                ModerationAction(actor=acting_user, verb=ModerationVerb.RELEASE, item=item, post=item.post)
                for item in items
            ]
        )
    return len(items)


RESOLUTIONS = (
    ModerationVerb.DISMISS,
    ModerationVerb.HIDE_POST,
    ModerationVerb.APPROVE_POST,
    ModerationVerb.REJECT_POST,
)


def check_in_pending(item: QueueItem) -> bool:
    """The member asked for a check-in and no person has checked in yet: the item stays urgent."""
    return (
        item.check_in_requested
        and item.status == ItemStatus.OPEN
        and not ModerationAction.objects.filter(item=item, verb=ModerationVerb.CHECK_IN).exists()
    )


CHECK_IN_FIRST = _lazy(
    "This member asked a moderator to check in with them, and nobody has yet. Please check in first, or "
    "tick “Settle it without a check-in” if you are sure one isn't needed."
)


def resolve_item(
    item: QueueItem, *, acting_user, action: str, note: str = "", guideline_section=None, trust: bool = False,
    without_check_in: bool = False,
) -> bool:
    """Settles the item with one action and tells those concerned, as moderation/outcomes.py's
    table says: the author (kindly, with the guideline and how to ask for a review) and every
    reporter (the outcome, no details about the other member). Returns False when another moderator
    settled it first. trust ("Approve and trust this member") is for global moderators only. An
    item whose member asked for a check-in is not settled before someone checks in, unless the
    moderator says so (without_check_in)."""
    from moderation.outcomes import settle_item

    _require_moderator_for_item(acting_user, item)
    if trust:
        _require_moderator(acting_user, global_only=True)
    if action not in RESOLUTIONS:
        raise Refused(_("Please choose what to do."))
    if not without_check_in and check_in_pending(item):
        raise Refused(str(CHECK_IN_FIRST))
    return settle_item(
        item, acting_user=acting_user, action=action, note=note, guideline_section=guideline_section, trust=trust
    )


def resolve_items(items, *, acting_user, action: str, note: str = "", guideline_section=None) -> list:
    """Settles several items with one decision (the queue's "settle together"). Each is settled on
    its own, with its own outcome and notices; returns the items another moderator settled first.
    Refuses before settling any when the decision cannot apply to all of them."""
    items = list(items)
    if action in (ModerationVerb.HIDE_POST, ModerationVerb.REJECT_POST) and any(i.post_id is None for i in items):
        raise Refused(_("Only posts can be hidden: please leave the items about members out of this."))
    if any(check_in_pending(item) for item in items):
        raise Refused(
            _(
                "A member among these asked a moderator to check in with them, and nobody has yet. Please "
                "open that item and check in first."
            )
        )
    missed = []
    for item in items:
        if resolve_item(item, acting_user=acting_user, action=action, note=note, guideline_section=guideline_section):
            continue
        # Settled a moment ago by this same decision (a held post published with its member's
        # first post) is not someone else's doing.
        if QueueItem.objects.filter(pk=item.pk).values_list("resolved_by_id", flat=True).first() != acting_user.pk:
            missed.append(item)
    return missed


def restore_post(post: Post, *, acting_user, note: str = "") -> bool:
    """Shows a hidden post again. When an item about it is open (reports hid it), restoring settles
    that item as "no guideline broken", so reporters hear the outcome and the queue empties."""
    _require_moderator(acting_user, board_id=post.thread.board_id)
    if (item := open_item_for_post(post)) is not None and post.is_hidden:
        # Showing a post again is not a word about the person: a check-in asked for stays the
        # moderators' to make, from the conversation, whatever happens to the post.
        return resolve_item(
            item, acting_user=acting_user, action=ModerationVerb.DISMISS, note=note, without_check_in=True
        )
    with transaction.atomic():
        if not Post.objects.filter(pk=post.pk, is_hidden=True).update(is_hidden=False, hidden_reason=""):
            return False
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.RESTORE_POST, post=post, member_id=_filed_under(post), reason=note,
            old_value={"is_hidden": True}, new_value={"is_hidden": False},
        )  # fmt: skip
        notify_member(
            post.author,
            kind=NotificationKind.MODERATION,
            message=_("A moderator restored your post in “%(thread)s”. Everyone can see it again.")
            % {"thread": post.thread.title},
            link=post.get_absolute_url(),
            post=post,
        )
    return True


# --- From the posting pipeline -------------------------------------------------------------------


# Why a held post waits, in the item's reasons: the moderator sees it, and approving a member's
# first post publishes only the posts that wait for that reason alone (a watched word keeps its own).
FIRST_POST_REASON = "first post from a new member"
HELD_FOR_WORD_PREFIX = "held for the watched word: "


def hold_reasons_for_item(hold_reasons) -> list[str]:
    from moderation.pipeline import FIRST_POST_HOLD

    return [
        FIRST_POST_REASON if reason == FIRST_POST_HOLD else HELD_FOR_WORD_PREFIX + reason for reason in hold_reasons
    ]


def queue_post_from_pipeline(
    post: Post, *, crisis_signal: bool, check_in_requested: bool, flags, held: bool, hold_reasons=()
):
    """Call inside the posting transaction. A crisis signal opens (or raises to) an urgent item and
    alerts every moderator at once; a held post waits in the held lane; a flag opens a report item."""
    if not (crisis_signal or flags or held):
        return None
    item = _open_item_for(post=post)
    reasons = list(item.automatic_reasons)
    if crisis_signal:
        reasons.append("crisis signal")
    reasons += [f"watched word: {flag}" for flag in flags]
    if held:
        reasons += hold_reasons_for_item(hold_reasons) or ["held for approval"]
    became_urgent = crisis_signal and item.lane != Lane.URGENT
    if crisis_signal:
        item.lane = Lane.URGENT
    elif held and item.lane != Lane.URGENT:
        item.lane = Lane.HELD
    item.automatic_reasons = reasons
    item.check_in_requested = item.check_in_requested or check_in_requested
    item.save(update_fields=["lane", "automatic_reasons", "check_in_requested"])
    link = reverse("moderation:item-detail", args=[item.pk])
    if became_urgent:
        alert_moderators(
            kind=NotificationKind.URGENT_ITEM,
            message=urgent_alert_message(
                _("a post may come from someone at risk.")
                if not check_in_requested
                else _("a member who may be at risk asked a moderator to check in.")
            ),
            link=link,
            post=post,
        )
    elif held and not crisis_signal:
        alert_moderators(
            kind=NotificationKind.HELD_POST, message=_("A post is waiting for approval."), link=link, post=post
        )
    if item.check_in_requested and not moderators_on_duty():
        # Nobody is on to check in: the member hears at once, from an automatic message, who answers now.
        from conversations.services import send_automatic_check_in

        send_automatic_check_in(item)
    return item


def approve_post(item: QueueItem, *, acting_user, note: str = "") -> bool:
    """Publishes a held post (and the posts that waited with it): counters, the thread's activity,
    and the notifications it would have sent."""
    return resolve_item(item, acting_user=acting_user, action=ModerationVerb.APPROVE_POST, note=note)


def reject_post(item: QueueItem, *, acting_user, guideline_section, note: str = "") -> bool:
    """Keeps a held post from being published: it stays hidden, visible to its author with the reason."""
    return resolve_item(
        item, acting_user=acting_user, action=ModerationVerb.REJECT_POST, guideline_section=guideline_section, note=note
    )


def open_item_for_post(post: Post) -> QueueItem | None:
    return QueueItem.objects.filter(status=ItemStatus.OPEN, post=post).first()


def approve_held_post(post: Post, *, acting_user, note: str = "", trust: bool = False) -> bool:
    """Approve from the post's own moderation page: settles its held item like the queue does
    (a held post always has one; if it was lost, one is opened so the decision is logged the same)."""
    _require_moderator(acting_user, board_id=post.thread.board_id)
    if not post.is_pending_approval:
        return False
    with transaction.atomic():
        item = _open_item_for(post=post)
    return resolve_item(item, acting_user=acting_user, action=ModerationVerb.APPROVE_POST, note=note, trust=trust)


# --- Members: warnings, suspensions, bans, notes --------------------------------------------------

SUSPENSION_LADDER = [timedelta(hours=24), timedelta(hours=72), timedelta(days=7), timedelta(days=30)]


def suggested_suspension(member) -> timedelta:
    """The next step of the ladder (24 h, 72 h, 7 days, 30 days) after the suspensions they had."""
    earlier = Sanction.objects.filter(member=member, kind=SanctionKind.SUSPENSION).count()
    return SUSPENSION_LADDER[min(earlier, len(SUSPENSION_LADDER) - 1)]


RESTRICTION_CACHE_SECONDS = 600
NO_RESTRICTION = "none"


def _restriction_key(member_id: int) -> str:
    return f"moderation:restriction:{member_id}"


def restriction_for(member) -> Sanction | None:
    """The suspension or ban in force for this member, if any. Asked on every page a member sees,
    so it is cached (per request on the user object, across requests in the cache, forgotten when a
    moderator sanctions or lifts); an end time passing needs no forgetting: it is checked here."""
    if not getattr(member, "is_authenticated", False):
        return None
    if not hasattr(member, "_restriction"):
        key = _restriction_key(member.pk)
        try:
            cached = cache.get(key)
        except (RedisError, ConnectionError, OSError):
            cached = None
        if cached is None:
            found = Sanction.objects.in_force().filter(member=member).order_by("-created_at").first()
            cached = found or NO_RESTRICTION
            with contextlib.suppress(RedisError, ConnectionError, OSError):
                cache.set(key, cached, RESTRICTION_CACHE_SECONDS)
        member._restriction = None if cached == NO_RESTRICTION else cached
    sanction = member._restriction
    if sanction is not None and sanction.ends_at is not None and sanction.ends_at <= timezone.now():
        return None  # a suspension ends by itself
    return sanction


def _forget_restriction(member_id: int) -> None:
    def forget():
        with contextlib.suppress(RedisError, ConnectionError, OSError):
            cache.delete(_restriction_key(member_id))

    transaction.on_commit(forget)


def restriction_message(sanction: Sanction) -> str:
    if sanction.kind == SanctionKind.BAN:
        return _(
            "After a moderator's decision, your account can read, report and ask for a review, but no longer "
            "post or react."
        )
    return _("You can read, report and ask for a review, but not post or react, until %(when)s.") % {
        "when": format_when(sanction.ends_at)
    }


def restriction_appeal_url(member, sanction: Sanction) -> str:
    """The appeal page opened on the decision behind this suspension or ban (which, once asked about,
    says where the appeal stands)."""
    decision = ModerationAction.objects.filter(
        member=member, verb__in=(ModerationVerb.SUSPEND, ModerationVerb.BAN), new_value__sanction=sanction.pk
    ).first()
    return appeal_url(decision) if decision is not None else reverse("moderation:appeal-create")


def _sanction_notice(sanction: Sanction) -> str:
    section = sanction.guideline_section
    cited = (
        _("guideline %(number)s, “%(title)s”") % {"number": section.number, "title": section.title} if section else ""
    )
    parts = {
        SanctionKind.WARNING: _("A moderator sent you a warning about %(cited)s."),
        SanctionKind.SUSPENSION: _("A moderator paused your posting because of %(cited)s."),
        SanctionKind.BAN: _("A moderator closed your posting access because of %(cited)s."),
    }
    text = parts[sanction.kind] % {"cited": cited or _("our guidelines")}
    if sanction.message:
        # A moderator's own words, made a sentence so the next one doesn't run into them.
        text += " " + as_sentence(sanction.message)
    if sanction.kind != SanctionKind.WARNING:
        text += " " + restriction_message(sanction)
    return text + " " + _("If you think it was a mistake, you can ask another moderator to look again.")


def sanction_member(
    member, *, acting_user, kind: str, guideline_section, message: str = "", duration: timedelta | None = None
) -> Sanction:
    """Warns, suspends (for `duration`, default the suggested step) or bans a member. Tells them,
    kindly, with the guideline. A ban also blocks signing up again with their email address."""
    _require_moderator(acting_user, global_only=True)
    if kind not in SanctionKind.values:
        raise Refused(_("Please choose a warning, a suspension or a ban."))
    if guideline_section is None:
        raise Refused(_("Please choose the guideline: the member is told which one."))
    if member.pk == acting_user.pk:
        raise Refused(_("You can't moderate your own account."))
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=member.pk)
        ends_at = None
        if kind == SanctionKind.SUSPENSION:
            ends_at = timezone.now() + (duration or suggested_suspension(locked))
        sanction = Sanction.objects.create(
            member=locked, kind=kind, guideline_section=guideline_section, message=message.strip(),
            created_by=acting_user, ends_at=ends_at,
        )  # fmt: skip
        verb = {
            SanctionKind.WARNING: ModerationVerb.WARN,
            SanctionKind.SUSPENSION: ModerationVerb.SUSPEND,
            SanctionKind.BAN: ModerationVerb.BAN,
        }[kind]
        decision = ModerationAction.objects.create(
            actor=acting_user, verb=verb, member=locked, reason=message,
            new_value={"sanction": sanction.pk, "ends_at": ends_at.isoformat() if ends_at else None},
        )  # fmt: skip
        _forget_restriction(locked.pk)
        if kind == SanctionKind.BAN and locked.email:
            BlockedEmail.objects.get_or_create(email=locked.email.lower())
        notify_member(
            locked,
            kind=NotificationKind.MODERATION,
            message=_sanction_notice(sanction),
            link=appeal_url(decision),
        )
    return sanction


def _lift_sanctions_in_force(member, *, acting_user) -> int:
    """Ends every suspension or ban in force and lets their email sign up again. Call in a transaction."""
    lifted = Sanction.objects.in_force().filter(member=member).update(lifted_at=timezone.now(), lifted_by=acting_user)
    if lifted:
        BlockedEmail.objects.filter(email=(member.email or "").lower()).delete()
        _forget_restriction(member.pk)
    return lifted


def lift_restriction(member, *, acting_user, note: str = "") -> bool:
    _require_moderator(acting_user, global_only=True)
    with transaction.atomic():
        if not _lift_sanctions_in_force(member, acting_user=acting_user):
            return False
        ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.LIFT, member=member, reason=note)
        notify_member(
            member,
            kind=NotificationKind.MODERATION,
            message=_("A moderator lifted the pause on your posting. Welcome back."),
            link=reverse("forums:board-list"),
        )
    return True


def announce_ended_suspensions(*, now=None) -> int:
    """Periodic: tells members whose suspension ended by itself that they can post again (once)."""
    now = now or timezone.now()
    told = 0
    for sanction in Sanction.objects.filter(
        kind=SanctionKind.SUSPENSION, lifted_at__isnull=True, ends_at__lte=now, end_announced_at__isnull=True
    ).select_related("member"):
        with transaction.atomic():
            if not Sanction.objects.filter(pk=sanction.pk, end_announced_at__isnull=True).update(end_announced_at=now):
                continue
            notify_member(
                sanction.member,
                kind=NotificationKind.MODERATION,
                message=_("Your suspension has ended: you can post and react again. Welcome back."),
                link=reverse("forums:board-list"),
            )
            told += 1
    return told


def add_member_note(member, *, acting_user, text: str) -> MemberNote:
    _require_moderator(acting_user, global_only=True)
    if not text.strip():
        raise Refused(_("The note is empty."))
    with transaction.atomic():
        note = MemberNote.objects.create(member=member, author=acting_user, text=text.strip())
        ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.NOTE_ON_MEMBER, member=member)
    return note


# --- Threads and posts ----------------------------------------------------------------------------


def _flip_thread(thread, *, acting_user, field: str, value: bool, verb: str, reason: str) -> bool:
    _require_moderator(acting_user, board_id=thread.board_id)
    with transaction.atomic():
        if not Thread.objects.filter(pk=thread.pk).exclude(**{field: value}).update(**{field: value}):
            return False
        ModerationAction.objects.create(
            actor=acting_user, verb=verb, post=thread.posts.filter(position=1).first(),
            member_id=_thread_filed_under(thread), reason=reason,
            old_value={field: not value}, new_value={field: value},
        )  # fmt: skip
    setattr(thread, field, value)
    return True


def lock_thread(thread, *, acting_user, locked: bool = True, reason: str = "") -> bool:
    """Locked threads stay readable; replies are refused with a clear message. The author is told."""
    verb = ModerationVerb.LOCK_THREAD if locked else ModerationVerb.UNLOCK_THREAD
    with transaction.atomic():
        changed = _flip_thread(
            thread, acting_user=acting_user, field="is_locked", value=locked, verb=verb, reason=reason
        )
        if changed:
            message = (
                _("A moderator locked your thread “%(thread)s”: it stays readable, with no new replies.")
                if locked
                else _("A moderator reopened your thread “%(thread)s” for replies.")
            ) % {"thread": thread.title}
            notify_member(
                thread.author, kind=NotificationKind.MODERATION, message=message, link=thread.get_absolute_url()
            )
    return changed


def pin_thread(thread, *, acting_user, pinned: bool = True, reason: str = "") -> bool:
    verb = ModerationVerb.PIN_THREAD if pinned else ModerationVerb.UNPIN_THREAD
    return _flip_thread(thread, acting_user=acting_user, field="is_pinned", value=pinned, verb=verb, reason=reason)


def move_thread(thread, *, acting_user, board, reason: str = "") -> bool:
    """Moves the thread and keeps both boards' counters and latest posts right."""
    _require_moderator(acting_user, board_id=thread.board_id)
    _require_moderator(acting_user, board_id=board.pk)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.board_id == board.pk:
            return False
        old_board_id = locked.board_id
        public_posts = locked.posts.filter(is_hidden=False, is_pending_approval=False).count()
        Thread.objects.filter(pk=locked.pk).update(board=board)
        counted = 0 if locked.is_hidden else 1
        Board.objects.filter(pk=old_board_id).update(
            thread_count=F("thread_count") - counted, post_count=F("post_count") - public_posts
        )
        Board.objects.filter(pk=board.pk).update(
            thread_count=F("thread_count") + counted, post_count=F("post_count") + public_posts
        )
        for board_id in (old_board_id, board.pk):
            latest = (
                Post.objects.filter(thread__board_id=board_id, is_hidden=False, is_pending_approval=False)
                .order_by("-created_at")
                .first()
            )
            Board.objects.filter(pk=board_id).update(last_post=latest)
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.MOVE_THREAD, post=locked.posts.filter(position=1).first(),
            member_id=_thread_filed_under(locked), reason=reason, old_value={"board": old_board_id},
            new_value={"board": board.pk},
        )  # fmt: skip
        notify_member(
            locked.author,
            kind=NotificationKind.MODERATION,
            message=_(
                "A moderator moved your thread “%(thread)s” to %(board)s, where it fits best. Nothing else changed."
            )
            % {"thread": locked.title, "board": board.name},
            link=locked.get_absolute_url(),
        )
    thread.board = board
    return True


def moderator_edit_post(post: Post, *, acting_user, body: str, reason: str) -> Post:
    """A moderator's edit: the member's original stays in the post's history, the author is told."""
    from forums.services.posting import edit_post

    _require_moderator(acting_user, board_id=post.thread.board_id)
    if not reason.strip():
        raise Refused(_("Please say why you are editing: the author is told."))
    with transaction.atomic():
        edited = edit_post(post, acting_user=acting_user, body=body)
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.EDIT_POST, post=edited, member_id=_filed_under(edited),
            reason=reason.strip(),
        )  # fmt: skip
        notify_member(
            edited.author,
            kind=NotificationKind.MODERATION,
            message=_(
                "A moderator edited your post in “%(thread)s”: %(reason)s Your original words are kept in the "
                "post's edit history, which you can see."
            )
            % {"thread": edited.thread.title, "reason": as_sentence(reason)},
            link=edited.get_absolute_url(),
            post=edited,
        )
    return edited


# --- Appeals --------------------------------------------------------------------------------------


def appeal_url(decision: ModerationAction) -> str:
    """Where a member asks about this decision: the appeal page, opened on its form."""
    return f"{reverse('moderation:appeal-create')}?decision={decision.pk}"


def decision_needing_note(*, actor, item=None, member=None) -> ModerationAction | None:
    """The decision a moderator just made (on this item, or about this member) that a personal note
    can go with: one a member can ask to have looked at again."""
    where = {"item": item} if item is not None else {"member": member}
    decisions = ModerationAction.objects.filter(actor=actor, verb__in=APPEALABLE_VERBS, **where)
    return decisions.order_by("-created_at", "-pk").first()


def appealable_actions_for(member):
    """Decisions about this member they may still ask to have looked at again: those filed under
    them, and those about their anonymous posts (filed under nobody, found through the post)."""
    return (
        ModerationAction.objects.filter(
            Q(member=member) | Q(member__isnull=True, post__author=member, post__is_anonymous=True),
            verb__in=APPEALABLE_VERBS,
            appeal__isnull=True,
        )
        .select_related("post__thread")
        .order_by("-created_at")
    )


def _action_is_about(action: ModerationAction, member) -> bool:
    if action.member_id is not None:
        return action.member_id == member.pk
    return action.post_id is not None and action.post.is_anonymous and action.post.author_id == member.pk


def file_appeal(action: ModerationAction, *, acting_user, text: str) -> Appeal:
    if action.verb not in APPEALABLE_VERBS or not _action_is_about(action, acting_user):
        raise PermissionDenied
    if not text.strip():
        raise Refused(_("Please tell us, in your own words, why we should look again."))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(action=action, member=acting_user, text=text.strip())
            alert_moderators(
                kind=NotificationKind.APPEAL,
                message=_("A member asked for a decision to be looked at again."),
                link=reverse("moderation:appeal-list"),
            )
    except IntegrityError:
        raise Refused(_("You have already asked for this decision to be looked at again.")) from None
    return appeal


def decide_appeal(appeal: Appeal, *, acting_user, overturn: bool, note: str = "") -> bool:
    """A moderator other than the one who acted decides. Overturning reverses the decision (the post
    comes back, the suspension or ban is lifted). The member is told either way."""
    _require_moderator(acting_user, global_only=True)
    with transaction.atomic():
        locked = Appeal.objects.select_for_update(of=("self",)).select_related("action__post__thread").get(pk=appeal.pk)
        if locked.status != AppealStatus.OPEN:
            return False
        if locked.action.actor_id == acting_user.pk:
            raise Refused(_("Another moderator needs to decide this appeal: the decision was yours."))
        action = locked.action
        if overturn:
            if action.verb in ("hide-post", "reject-post") and action.post_id:
                Post.objects.filter(pk=action.post_id).update(is_hidden=False, hidden_reason="")
                if action.post.is_pending_approval:
                    from forums.services.posting import publish_held_post

                    publish_held_post(action.post)
            elif action.verb in ("suspend", "ban"):
                _lift_sanctions_in_force(locked.member, acting_user=acting_user)
        Appeal.objects.filter(pk=locked.pk).update(
            status=AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD,
            decided_by=acting_user,
            decided_at=timezone.now(),
            decision_note=note,
        )
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.OVERTURN_APPEAL if overturn else ModerationVerb.UPHOLD_APPEAL,
            post=action.post, member_id=locked.member_id if action.member_id else None, reason=note,
            old_value={"appealed_action": action.pk},
        )  # fmt: skip
        notify_member(
            locked.member,
            kind=NotificationKind.MODERATION,
            message=(
                _("Another moderator looked again and reversed the decision. Thank you for asking.")
                if overturn
                else _("Another moderator looked again, and the decision stands.")
            )
            + (" " + as_sentence(note) if note.strip() else ""),
            link=action.post.get_absolute_url() if action.post_id else reverse("forums:notification-list"),
            post=action.post,
        )
    return True
