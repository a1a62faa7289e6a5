"""Reports from members: the daily allowances, each report's weight, the item it lands on, and
hiding a post for now once its reports weigh enough."""

from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from forums.models import NotificationKind, Post
from forums.notifications.outbox import alert_moderators, notify_member
from forums.services.counters import forget_as_latest
from moderation import notices
from moderation.intake import open_item_for, urgent_alert_message
from moderation.models import Lane, ModerationAction, ModerationVerb, QueueItem, Report, ReportReason
from moderation.permissions import is_global_moderator
from moderation.restrictions import restriction_for
from moderation.services.common import filed_under
from moderation.staffing import moderators_on_duty
from safespace.refusals import Refused

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


def report_weight(user) -> Decimal:
    if is_global_moderator(user):
        return REPORT_WEIGHTS["moderator"]
    if restriction_for(user) is not None or user.date_joined > timezone.now() - timedelta(days=NEW_MEMBER_DAYS):
        return REPORT_WEIGHTS["new-member"]
    return REPORT_WEIGHTS["member"]


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
    item = open_item_for(post=post, member=member)
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
        actor=None, verb=ModerationVerb.AUTO_HIDE, item=item, post=post, member_id=filed_under(post),
        reason=f"report score {item.score} ≥ {threshold}",
        old_value={"is_hidden": False}, new_value={"is_hidden": True},
    )  # fmt: skip
    notify_member(
        post.author,
        kind=NotificationKind.MODERATION,
        notice=notices.post_hidden_for_now(thread=post.thread.title),
        link=post.get_absolute_url(),
        post=post,
    )
