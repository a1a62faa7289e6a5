"""Appeals: a member asks for a decision to be looked at again, and another moderator decides."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import NotificationKind, Post
from forums.notifications.outbox import alert_moderators, notify_member
from forums.services.posts import publish_held_post
from moderation import notices
from moderation.models import APPEALABLE_VERBS, Appeal, AppealStatus, ModerationAction, ModerationVerb
from moderation.services.common import require_moderator
from moderation.services.sanctions import lift_sanctions_in_force
from safespace.refusals import Refused


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
    require_moderator(acting_user, global_only=True)
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
                    publish_held_post(action.post)
            elif action.verb in ("suspend", "ban"):
                lift_sanctions_in_force(locked.member, acting_user=acting_user)
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
            notice=notices.appeal_decided(overturned=overturn, note=note),
            link=action.post.get_absolute_url() if action.post_id else reverse("forums:notification-list"),
            post=action.post,
        )
    return True
