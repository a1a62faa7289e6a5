from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Post
from moderation.models import (
    APPEALABLE_VERBS,
    Appeal,
    AppealStatus,
    BoardModerator,
    Guideline,
    ItemStatus,
    Lane,
    MemberNote,
    ModerationAction,
    ModerationVerb,
    ModeratorDigest,
    QueueItem,
    Report,
    ReportReason,
    Sanction,
    SanctionKind,
    TrustedMember,
)
from moderation.outcomes import starting_state
from moderation.permissions import moderated_board_ids


def guideline_get_current():
    """The newest published guidelines with their sections, or None."""
    return Guideline.objects.current()


def moderation_log_for_post(post):
    return ModerationAction.objects.filter(post=post).select_related("actor")[:50]


QUEUE_PAGE_SIZE = 25
# Posts behind these warnings are folded on a queue card until the moderator opens them, as is
# everything in the urgent lane: moderators read hard things all day, and choose when.
BLURRED_WARNINGS = frozenset({"self-harm", "suicide"})
# Not shown beside a named item or on a member's page: a reveal would tell that they post anonymously.
HIDDEN_FROM_RECORD = ["claim", "release", "reveal-author"]


def _items_visible_to(viewer):
    """Queue items a moderator may open: all, or for a board moderator the posts of their boards."""
    items = QueueItem.objects.select_related("post__thread__board", "post__author", "member", "claimed_by")
    scope = moderated_board_ids(viewer)
    if scope is not None:
        items = items.filter(post__thread__board_id__in=scope)
    return items


def _named_held(items):
    return items.filter(lane=Lane.HELD, post__isnull=False, post__is_anonymous=False)


def queue_page_for_moderator(
    *, viewer, lane="", status="open", board_slug="", reason="", mine=False, page_number=None, set_aside=None
):
    """The queue: urgent first, then by report score, then oldest. One member's named held posts
    are one card (the oldest stands for them, with `held_count` and `held_group`, the items in
    it); anonymous held posts are never grouped, so no card links them to their author. Two queries
    for the page whatever its length (the report count and reasons are annotated, targets joined,
    the groups' posts read at once)."""
    scoped = _items_visible_to(viewer).filter(status=status or ItemStatus.OPEN)
    items = scoped
    if lane:
        items = items.filter(lane=lane)
    if board_slug:
        items = items.filter(post__thread__board__slug=board_slug)
    if reason:
        items = items.filter(reports__reason=reason).distinct()
    if mine:
        items = items.filter(claimed_by=viewer)
    if set_aside is not None:
        items = items.exclude(set_aside)  # a moderator's topic opt-out (care.selectors.queue_care_for)
    grouping = (status or ItemStatus.OPEN) == ItemStatus.OPEN
    if grouping:
        same_author = _named_held(scoped).filter(post__author_id=OuterRef("post__author_id"))
        oldest = same_author.order_by("created_at", "pk").values("pk")[:1]
        items = items.exclude(Q(lane=Lane.HELD, post__is_anonymous=False) & ~Q(pk=Subquery(oldest)))
        held_count = same_author.order_by().values("post__author_id").annotate(n=Count("pk")).values("n")[:1]
        # Only a named held item stands for a group: an anonymous one must never carry its author's.
        items = items.annotate(
            held_count=Case(
                When(lane=Lane.HELD, post__is_anonymous=False, then=Coalesce(Subquery(held_count), Value(0))),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    items = items.annotate(
        open_reports=Count("reports", filter=Q(reports__is_open=True), distinct=True),
        worried_members=Count(
            "reports__reporter", filter=Q(reports__is_open=True, reports__reason=ReportReason.WORRIED), distinct=True
        ),
        lane_order=Case(When(lane=Lane.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("lane_order", "-score", "created_at", "pk")
    items = items.with_claim_state()
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.state = starting_state(item)  # "held", "auto-hidden", ...: the card says it in words
        item.should_blur = item.lane == Lane.URGENT or _behind_blurred_warning(item.post)
    # Read for every named held card (not only groups), so the page costs the same however many.
    named_held = [item for item in page.object_list if getattr(item, "held_count", 0) > 0]
    if named_held:
        members = _named_held(scoped).filter(post__author_id__in={item.post.author_id for item in named_held})
        by_author: dict[int, list] = {}
        for held in members.order_by("created_at", "pk"):
            by_author.setdefault(held.post.author_id, []).append(held)
        for item in named_held:
            group = by_author.get(item.post.author_id, [])
            for held in group:
                held.should_blur = _behind_blurred_warning(held.post)
            item.held_group = group if len(group) > 1 else None
    return page


def _behind_blurred_warning(post) -> bool:
    return post is not None and not BLURRED_WARNINGS.isdisjoint(post.content_warnings)


def queue_item_for_moderator(pk, *, viewer):
    """The item (with `claim_is_live`), or the same 404 as a missing one when it is outside the
    viewer's boards."""
    item = _items_visible_to(viewer).with_claim_state().filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def queue_items_for_moderator(pks, *, viewer) -> list:
    """The chosen items the viewer may settle (others are left out, as if missing), oldest first,
    each with its post's `state`."""
    ids = [int(pk) for pk in pks if str(pk).isdigit()]
    items = list(_items_visible_to(viewer).filter(pk__in=ids).order_by("created_at", "pk"))
    for item in items:
        item.state = starting_state(item)
    return items


def member_context(member_id, *, recent=10, notes=20, actions=20, exclude_item=None):
    """A member's record for moderators: recent posts, how many reports about them, sanctions,
    private notes and decisions. exclude_item leaves out the reports of the item being looked at.

    Nothing about their anonymous posts: not the posts, not reports about them, not decisions on
    them (those are filed under nobody; the post filter also covers rows from before that). A record
    that changed with what someone wrote anonymously would tell who wrote it; only a logged reveal may."""
    named = Q(post__isnull=True) | Q(post__is_anonymous=False)
    reports = Report.objects.filter(Q(post__author_id=member_id, post__is_anonymous=False) | Q(member_id=member_id))
    if exclude_item is not None:
        reports = reports.exclude(item=exclude_item)
    return {
        "recent_posts": list(
            Post.objects.filter(author_id=member_id, is_anonymous=False)
            .select_related("thread")
            .order_by("-created_at")[:recent]
        ),
        "reports_about": reports.count(),
        "sanctions": list(
            Sanction.objects.filter(member_id=member_id).select_related("guideline_section", "created_by")
        ),
        "notes": list(MemberNote.objects.filter(member_id=member_id).select_related("author")[:notes]),
        "actions": list(
            ModerationAction.objects.filter(named, member_id=member_id)
            .exclude(verb__in=HIDDEN_FROM_RECORD)
            .exclude(post__is_anonymous=True)
            .select_related("actor")[:actions]
        ),
    }


def member_context_for_item(item):
    """Beside an item: its open reports and log, and the member's record (not for anonymous posts)."""
    reports = list(item.reports.filter(is_open=True).select_related("guideline_section").order_by("created_at"))
    context = {
        "reports": reports,
        # Counted from the reports already loaded: no extra query.
        "worried_members": len({r.reporter_id for r in reports if r.reason == ReportReason.WORRIED}),
        "log": list(item.actions.select_related("actor")[:20]),
    }
    if item.post_id and item.post.is_anonymous:
        # The author's record would tell who wrote it: only a logged reveal may do that.
        return {**context, "anonymous_author": True, "recent_posts": [], "reports_about": 0, "actions": [],
                "notes": []}  # fmt: skip
    member_id = item.post.author_id if item.post_id else item.member_id
    return {**context, **member_context(member_id, recent=5, notes=5, actions=10, exclude_item=item)}


def settled_elsewhere_message(item: QueueItem, *, viewer=None) -> str:
    """What a moderator whose decision did not apply is told: who settled it and how. The one who
    settled it may be the viewer, in another tab or window: "another moderator" would then send
    them looking for a colleague who was never there."""
    settled = QueueItem.objects.select_related("resolved_by").get(pk=item.pk)
    if settled.status == ItemStatus.OPEN:
        return _("Nothing changed: please try again.")
    if viewer is not None and settled.resolved_by_id == viewer.pk:
        return _(
            "You already settled this a moment ago, in another tab or window: %(what)s. Nothing more to do here."
        ) % {"what": settled.get_resolution_display()}
    return _("Another moderator settled this a moment ago: %(what)s (%(name)s). Nothing more to do here.") % {
        "what": settled.get_resolution_display(),
        "name": settled.resolved_by.display_name if settled.resolved_by else _("automatic"),
    }


def settled_item_message(item: QueueItem) -> str:
    """What the moderator who settled the item is told: what happened, from the item's resolution."""
    settled = QueueItem.objects.get(pk=item.pk)
    told_reporters = settled.reports.exists()
    messages = {
        ModerationVerb.APPROVE_POST: _("Published. The author has been told."),
        ModerationVerb.REJECT_POST: _(
            "Not published. The author has been told which guideline, and how to ask for a review."
        ),
        ModerationVerb.HIDE_POST: _("Hidden. The author has been told which guideline, and how to ask for a review."),
        ModerationVerb.RESTORE_POST: _("Shown again. The author has been told."),
        ModerationVerb.DISMISS: _("Settled: nothing changes for the post.")
        if settled.post_id
        else _("Settled: no action on the account."),
    }
    text = messages.get(settled.resolution, _("Settled."))
    if told_reporters:
        text += " " + _("Everyone who reported it has been told the outcome.")
    return text


def urgent_items_handled_today(moderator) -> int:
    """Urgent items this moderator settled today: the queue shows it, and offers to hand over."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return QueueItem.objects.filter(
        lane=Lane.URGENT, status=ItemStatus.RESOLVED, resolved_by=moderator, resolved_at__gte=start
    ).count()


def claims_held_by(moderator) -> int:
    """Items this moderator holds a live claim on (what "hand over" would release)."""
    return (
        QueueItem.objects.with_claim_state()
        .filter(status=ItemStatus.OPEN, claimed_by=moderator, claim_is_live=True)
        .count()
    )


def open_appeals() -> list[Appeal]:
    return list(
        Appeal.objects.filter(status=AppealStatus.OPEN).select_related(
            "action__actor", "action__post__thread", "member"
        )
    )


def appeals_by_member(member):
    return Appeal.objects.filter(member=member).select_related("action")


def member_moderation_data_for_export(user) -> dict:
    """What a member may take with them: the reports they filed (never who else reported), the
    decisions about them with the guideline cited, and their appeals. Moderators' private notes stay."""
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
        # "Approve and trust this member": since when their posts are no longer held as first posts.
        "trusted_since": next(
            (trusted.created_at.isoformat() for trusted in TrustedMember.objects.filter(member=user)), None
        ),
        # Decisions on their posts, anonymous ones included (those are filed under the post only).
        "decisions_about_your_posts": [
            {
                "decision": action.get_verb_display(),
                "post_url": action.post.get_absolute_url() if action.post_id else None,
                "when": action.created_at.isoformat(),
            }
            for action in ModerationAction.objects.filter(Q(member=user) | Q(member__isnull=True, post__author=user))
            .exclude(verb__in=HIDDEN_FROM_RECORD)
            .select_related("post")
            .order_by("created_at", "pk")
        ],
        "roles": {
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "boards_you_moderate": sorted(
                BoardModerator.objects.filter(member=user).values_list("board__name", flat=True)
            ),
        },
        "moderation_summaries_received": [
            day.isoformat()
            for day in ModeratorDigest.objects.filter(moderator=user).order_by("day").values_list("day", flat=True)
        ],
    }


def report_confirmation_for(pk, *, reporter) -> dict:
    """What the reporter is told after sending a report: the report (theirs only, else the same 404
    as a missing one), whether the post is hidden for now after reports (perhaps by theirs), and
    where "back" can take them without landing on a page they can no longer see."""
    report = Report.objects.filter(pk=pk, reporter=reporter).select_related("item", "post__thread", "member").first()
    if report is None:
        raise Http404
    # A worry sent again the same day adds nothing; if a moderator has already settled the first,
    # the page must say so rather than promise it waits at the top of their list.
    already_looked_at = report.item.status != ItemStatus.OPEN
    post = report.post
    if post is None:
        return {"report": report, "hidden_for_now": False, "already_looked_at": already_looked_at,
                "back": reverse("accounts:profile-detail", args=[report.member.username])}  # fmt: skip
    hidden_for_now = post.is_hidden and report.item.auto_hidden and report.item.status == ItemStatus.OPEN
    if Post.objects.visible_to(reporter).filter(pk=post.pk).exists():
        back = post.get_absolute_url()
    else:
        back = post.thread.get_absolute_url()
    return {"report": report, "hidden_for_now": hidden_for_now, "already_looked_at": already_looked_at, "back": back}


def open_item_for_post(post: Post) -> QueueItem | None:
    return QueueItem.objects.filter(status=ItemStatus.OPEN, post=post).first()


SUSPENSION_LADDER = [timedelta(hours=24), timedelta(hours=72), timedelta(days=7), timedelta(days=30)]


def suggested_suspension(member) -> timedelta:
    """The next step of the ladder (24 h, 72 h, 7 days, 30 days) after the suspensions they had."""
    earlier = Sanction.objects.filter(member=member, kind=SanctionKind.SUSPENSION).count()
    return SUSPENSION_LADDER[min(earlier, len(SUSPENSION_LADDER) - 1)]


def appeal_url(decision: ModerationAction) -> str:
    """Where a member asks about this decision: the appeal page, opened on its form."""
    return f"{reverse('moderation:appeal-create')}?decision={decision.pk}"


def restriction_appeal_url(member, sanction: Sanction) -> str:
    """The appeal page opened on the decision behind this suspension or ban (which, once asked about,
    says where the appeal stands)."""
    decision = ModerationAction.objects.filter(
        member=member, verb__in=(ModerationVerb.SUSPEND, ModerationVerb.BAN), new_value__sanction=sanction.pk
    ).first()
    return appeal_url(decision) if decision is not None else reverse("moderation:appeal-create")


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
