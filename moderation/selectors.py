from django.db.models import Q

from moderation.models import Guideline


def guideline_get_current():
    """The newest published guidelines with their sections, or None."""
    return Guideline.objects.current()


def moderation_log_for_post(post):
    from moderation.models import ModerationAction

    return ModerationAction.objects.filter(post=post).select_related("actor")[:50]


QUEUE_PAGE_SIZE = 25


def queue_page_for_moderator(*, viewer, lane="", status="open", board_slug="", reason="", mine=False, page_number=None):
    """The queue: urgent first, then by report score, then oldest. One query for the page whatever
    its length (the report count and reasons are annotated, targets joined)."""
    from django.core.paginator import Paginator
    from django.db.models import Case, Count, IntegerField, Q, Value, When

    from moderation.models import Lane, QueueItem
    from moderation.permissions import moderated_board_ids

    items = QueueItem.objects.filter(status=status or "open")
    scope = moderated_board_ids(viewer)
    if scope is not None:  # a board moderator sees the posts of their boards only
        items = items.filter(post__thread__board_id__in=scope)
    if lane:
        items = items.filter(lane=lane)
    if board_slug:
        items = items.filter(post__thread__board__slug=board_slug)
    if reason:
        items = items.filter(reports__reason=reason).distinct()
    if mine:
        items = items.filter(claimed_by=viewer)
    items = (
        items.select_related("post__thread__board", "post__author", "member", "claimed_by")
        .annotate(
            open_reports=Count("reports", filter=Q(reports__is_open=True), distinct=True),
            lane_order=Case(When(lane=Lane.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("lane_order", "-score", "created_at", "pk")
    )
    return Paginator(items, QUEUE_PAGE_SIZE).get_page(page_number)


def queue_item_for_moderator(pk, *, viewer):
    """The item, or the same 404 as a missing one when it is outside the viewer's boards."""
    from django.http import Http404

    from moderation.models import QueueItem
    from moderation.permissions import moderated_board_ids

    items = QueueItem.objects.select_related("post__thread__board", "post__author", "member", "claimed_by")
    scope = moderated_board_ids(viewer)
    if scope is not None:
        items = items.filter(post__thread__board_id__in=scope)
    item = items.filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def member_context_for_item(item):
    """Beside an item: the member's recent posts, earlier reports on them and actions about them."""
    from forums.models import Post
    from moderation.models import MemberNote, ModerationAction, Report

    reports = list(item.reports.filter(is_open=True).select_related("guideline_section").order_by("created_at"))
    log = list(item.actions.select_related("actor")[:20])
    if item.post_id and item.post.is_anonymous:
        # The author's record would tell who wrote it: only a logged reveal may do that.
        return {"anonymous_author": True, "recent_posts": [], "earlier_reports": 0, "earlier_actions": [],
                "notes": [], "reports": reports, "log": log}  # fmt: skip
    member_id = item.post.author_id if item.post_id else item.member_id
    return {
        "recent_posts": list(
            Post.objects.filter(author_id=member_id).select_related("thread").order_by("-created_at")[:5]
        ),
        "earlier_reports": Report.objects.filter(Q(post__author_id=member_id) | Q(member_id=member_id))
        .exclude(item=item)
        .count(),
        "earlier_actions": list(
            ModerationAction.objects.filter(member_id=member_id)
            .exclude(verb__in=["claim", "release", "reveal-author"])
            .select_related("actor")[:10]
        ),
        "notes": list(MemberNote.objects.filter(member_id=member_id).select_related("author")[:5]),
        "reports": reports,
        "log": log,
    }


def member_context(member):
    """A member's record for moderators: recent posts, reports about them, sanctions, notes."""
    from forums.models import Post
    from moderation.models import MemberNote, ModerationAction, Report, Sanction

    return {
        "recent_posts": list(Post.objects.filter(author=member).select_related("thread").order_by("-created_at")[:10]),
        "reports_about": Report.objects.filter(Q(post__author=member) | Q(member=member)).count(),
        "sanctions": list(Sanction.objects.filter(member=member).select_related("guideline_section", "created_by")),
        "notes": list(MemberNote.objects.filter(member=member).select_related("author")[:20]),
        "actions": list(
            ModerationAction.objects.filter(member=member)
            .exclude(verb__in=["claim", "release"])
            .select_related("actor")[:20]
        ),
    }


def urgent_items_handled_today(moderator) -> int:
    """Urgent items this moderator settled today: the queue shows it, and offers to hand over."""
    from django.utils import timezone

    from moderation.models import ItemStatus, Lane, QueueItem

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return QueueItem.objects.filter(
        lane=Lane.URGENT, status=ItemStatus.RESOLVED, resolved_by=moderator, resolved_at__gte=start
    ).count()


def claims_held_by(moderator) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from moderation.models import ItemStatus, QueueItem

    return QueueItem.objects.filter(
        status=ItemStatus.OPEN, claimed_by=moderator, claimed_at__gt=timezone.now() - timedelta(minutes=30)
    ).count()


def member_moderation_data_for_export(user) -> dict:
    """What a member may take with them: the reports they filed (never who else reported), the
    decisions about them with the guideline cited, and their appeals. Moderators' private notes stay."""
    from moderation.models import Appeal, Report, Sanction

    return {
        "reports_filed": [
            {
                "about": report.post.get_absolute_url() if report.post_id else "a member's profile",
                "reason": report.reason,
                "guideline": report.guideline_section.number if report.guideline_section_id else None,
                "note": report.note,
                "filed": report.created_at.isoformat(),
                "open": report.is_open,
            }
            for report in Report.objects.filter(reporter=user).select_related("post", "guideline_section")
        ],
        "moderation_decisions_about_you": [
            {
                "kind": sanction.kind,
                "guideline": sanction.guideline_section.number if sanction.guideline_section_id else None,
                "message": sanction.message,
                "from": sanction.created_at.isoformat(),
                "until": sanction.ends_at.isoformat() if sanction.ends_at else None,
                "lifted": sanction.lifted_at.isoformat() if sanction.lifted_at else None,
            }
            for sanction in Sanction.objects.filter(member=user).select_related("guideline_section")
        ],
        "appeals": [
            {"text": appeal.text, "filed": appeal.created_at.isoformat(), "status": appeal.status}
            for appeal in Appeal.objects.filter(member=user)
        ],
    }
