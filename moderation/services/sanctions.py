"""Warnings, suspensions and bans, lifting them, and moderators' private notes on a member."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import NotificationKind
from forums.notifications.outbox import notify_member
from moderation import notices
from moderation.models import BlockedEmail, MemberNote, ModerationAction, ModerationVerb, Sanction, SanctionKind
from moderation.restrictions import forget_restriction
from moderation.selectors import appeal_url, suggested_suspension
from moderation.services.common import require_moderator
from safespace.refusals import Refused


def sanction_member(
    member, *, acting_user, kind: str, guideline_section, message: str = "", duration: timedelta | None = None
) -> Sanction:
    """Warns, suspends (for `duration`, default the suggested step) or bans a member. Tells them,
    kindly, with the guideline. A ban also blocks signing up again with their email address."""
    require_moderator(acting_user, global_only=True)
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
        forget_restriction(locked.pk)
        if kind == SanctionKind.BAN and locked.email:
            BlockedEmail.objects.get_or_create(email=locked.email.lower())
        notify_member(
            locked,
            kind=NotificationKind.MODERATION,
            notice=notices.sanctioned(kind=kind, section=guideline_section, message=sanction.message, ends_at=ends_at),
            link=appeal_url(decision),
        )
    return sanction


def lift_sanctions_in_force(member, *, acting_user) -> int:
    """Ends every suspension or ban in force and lets their email sign up again. Call in a transaction."""
    lifted = Sanction.objects.in_force().filter(member=member).update(lifted_at=timezone.now(), lifted_by=acting_user)
    if lifted:
        BlockedEmail.objects.filter(email=(member.email or "").lower()).delete()
        forget_restriction(member.pk)
    return lifted


def lift_restriction(member, *, acting_user, note: str = "") -> bool:
    require_moderator(acting_user, global_only=True)
    with transaction.atomic():
        if not lift_sanctions_in_force(member, acting_user=acting_user):
            return False
        ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.LIFT, member=member, reason=note)
        notify_member(
            member,
            kind=NotificationKind.MODERATION,
            notice=notices.restriction_lifted(),
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
                notice=notices.suspension_ended(),
                link=reverse("forums:board-list"),
            )
            told += 1
    return told


def add_member_note(member, *, acting_user, text: str) -> MemberNote:
    require_moderator(acting_user, global_only=True)
    if not text.strip():
        raise Refused(_("The note is empty."))
    with transaction.atomic():
        note = MemberNote.objects.create(member=member, author=acting_user, text=text.strip())
        ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.NOTE_ON_MEMBER, member=member)
    return note
