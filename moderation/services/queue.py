"""The queue: claiming and releasing items, and settling them. What settling does, and what
everyone is told, follows the table in moderation/outcomes.py; settle_item carries it out."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.models import NotificationKind, Post
from forums.notifications.outbox import notify_member
from forums.services.counters import forget_as_latest
from forums.services.posts import publish_held_post
from moderation import notices
from moderation.intake import HELD_FOR_WORD_PREFIX
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem, ReportReason, TrustedMember
from moderation.outcomes import HELD, HIDE, INTENT, KEEP, OUTCOMES, VISIBLE, guideline_words, starting_state
from moderation.services.common import filed_under, require_moderator, require_moderator_for_item
from safespace.refusals import Refused


def claim_item(item: QueueItem, *, acting_user) -> bool:
    """Takes the item so others see who has it. False when another moderator holds a claim that has
    not expired (30 minutes idle), or when it is resolved already."""
    require_moderator_for_item(acting_user, item)
    with transaction.atomic():
        locked = QueueItem.objects.with_claim_state().select_for_update().get(pk=item.pk)
        if locked.status != ItemStatus.OPEN:
            return False
        if locked.claim_is_live and locked.claimed_by_id != acting_user.pk:
            return False
        QueueItem.objects.filter(pk=locked.pk).update(claimed_by=acting_user, claimed_at=timezone.now())
        ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.CLAIM, item=locked, post=locked.post)
    return True


def release_item(item: QueueItem, *, acting_user) -> bool:
    require_moderator_for_item(acting_user, item)
    with transaction.atomic():
        released = QueueItem.objects.filter(pk=item.pk, claimed_by=acting_user, status=ItemStatus.OPEN).update(
            claimed_by=None, claimed_at=None
        )
        if released:
            ModerationAction.objects.create(actor=acting_user, verb=ModerationVerb.RELEASE, item=item, post=item.post)
    return bool(released)


def release_all_claims(*, acting_user) -> int:
    """Hand over: everything this moderator holds goes back to the queue, logged per item."""
    require_moderator(acting_user)
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


CHECK_IN_FIRST = gettext_lazy(
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
    require_moderator_for_item(acting_user, item)
    if trust:
        require_moderator(acting_user, global_only=True)
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


def approve_post(item: QueueItem, *, acting_user, note: str = "") -> bool:
    """Publishes a held post (and the posts that waited with it): counters, the thread's activity,
    and the notifications it would have sent."""
    return resolve_item(item, acting_user=acting_user, action=ModerationVerb.APPROVE_POST, note=note)


def reject_post(item: QueueItem, *, acting_user, guideline_section, note: str = "") -> bool:
    """Keeps a held post from being published: it stays hidden, visible to its author with the reason."""
    return resolve_item(
        item, acting_user=acting_user, action=ModerationVerb.REJECT_POST, guideline_section=guideline_section, note=note
    )


def _author_notice(kind: str, post: Post, *, section, also_published: int, trusted: bool) -> notices.Notice:
    thread = post.thread.title
    if kind == "hidden":
        return notices.post_hidden(thread=thread, section=section)
    if kind == "not-published":
        return notices.post_not_published(thread=thread, section=section)
    if kind == "restored":
        return notices.post_found_fine(thread=thread)
    return notices.post_approved(thread=thread, also_published=also_published, trusted=trusted)


def _make_public(post: Post) -> None:
    """Held: published (counters, thread activity, followers told). Hidden: shown again."""
    if post.is_pending_approval:
        Post.objects.filter(pk=post.pk).update(is_hidden=False, hidden_reason="")
        publish_held_post(post)
    else:
        Post.objects.filter(pk=post.pk).update(is_hidden=False, hidden_reason="")
    post.is_hidden, post.hidden_reason = False, ""


def _hide(post: Post, *, state: str, section) -> None:
    if state == HELD:
        reason = _("Not published, because of %(guideline)s.") % {"guideline": guideline_words(section)}
    else:
        reason = _("Hidden by a moderator because of %(guideline)s.") % {"guideline": guideline_words(section)}
    # Replaces "hidden for now after reports" too: the author now reads the moderator's guideline.
    Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason=reason)
    forget_as_latest([post.pk])
    post.is_hidden, post.hidden_reason = True, reason


def settle_item(
    item: QueueItem, *, acting_user, action: str, note: str = "", guideline_section=None, trust: bool = False
) -> bool:
    """Settles an open item as OUTCOMES says. Call after the permission check; runs in its own
    transaction and locks the item row first, so two moderators at once settle it once: the other
    gets False and nothing changes. Approving a named first post also publishes the posts waiting
    with it (see release_waiting_posts); with trust, all the member's named held posts, and their
    posts are not held as first posts again."""
    intent = INTENT.get(action)
    if intent is None:
        raise Refused(_("Please choose what to do."))
    if intent == HIDE and guideline_section is None:
        raise Refused(_("Please say which guideline the post breaks: the author is told."))
    with transaction.atomic():
        if item.post_id:
            # Approving one waiting post settles its siblings' items too: two moderators approving
            # two of one member's posts at once would lock those items in opposite orders. The
            # author's row, locked first, makes them take turns (the second then finds it settled).
            waiting_author = (
                Post.objects.filter(pk=item.post_id, is_pending_approval=True)
                .values_list("author_id", flat=True)
                .first()
            )
            if waiting_author is not None:
                get_user_model().objects.select_for_update().filter(pk=waiting_author).first()
        locked = QueueItem.objects.select_for_update(of=("self",)).select_related("post__thread").get(pk=item.pk)
        if locked.status != ItemStatus.OPEN:
            return False
        post = (
            Post.objects.select_for_update().select_related("thread").get(pk=locked.post_id) if locked.post_id else None
        )
        locked.post = post
        state = starting_state(locked)
        outcome = OUTCOMES.get((state, intent))
        if outcome is None:
            raise Refused(_("Only a post can be hidden."))
        also_published = 0
        if trust and (state != HELD or post.is_anonymous or intent != KEEP):
            raise Refused(
                _(
                    "Trust is given when approving a held, named post: an anonymous post is approved on its own, "
                    "so nothing links it to its author's other posts."
                )
            )
        if post is not None:
            if intent == KEEP:
                _make_public(post)
                if state == HELD or trust:
                    also_published = release_waiting_posts(post, acting_user=acting_user, words_too=trust)
                if trust:
                    _trust(post, acting_user=acting_user, note=note)
            else:
                _hide(post, state=state, section=guideline_section)
        new_value = {"state": outcome.post_state}
        if guideline_section is not None and intent == HIDE:
            new_value["guideline"] = guideline_section.number
        ModerationAction.objects.create(
            actor=acting_user, verb=outcome.verb, item=locked, post=post,
            member_id=filed_under(post) if post is not None else locked.member_id,
            reason=note.strip() or (_("Reports dismissed") if outcome.verb == ModerationVerb.RESTORE_POST else ""),
            old_value={"state": state}, new_value=new_value,
        )  # fmt: skip
        QueueItem.objects.filter(pk=locked.pk).update(
            status=ItemStatus.RESOLVED, resolved_at=timezone.now(), resolved_by=acting_user, resolution=outcome.verb
        )
        if post is not None and outcome.author_notice:
            notify_member(
                post.author,
                kind=NotificationKind.MODERATION,
                notice=_author_notice(
                    outcome.author_notice,
                    post,
                    section=guideline_section,
                    also_published=also_published,
                    trusted=trust,
                ),
                link=post.get_absolute_url(),
                post=post,
            )
        worried_by_reporter = {}
        for report in locked.reports.filter(is_open=True).select_related("reporter"):
            worried = worried_by_reporter.get(report.reporter, False)
            worried_by_reporter[report.reporter] = worried or report.reason == ReportReason.WORRIED
        locked.reports.filter(is_open=True).update(is_open=False)
        for reporter, worried in worried_by_reporter.items():
            notify_member(
                reporter,
                kind=NotificationKind.REPORT_OUTCOME,
                notice=notices.report_outcome(
                    outcome=outcome.reporter_notice, about_post=locked.post_id is not None, worried=worried
                ),
            )
    return True


def _waiting_items(post: Post, *, words_too: bool):
    """The author's other held posts that may be published with this one: named posts only when
    this one is named (never anonymous ones, and nothing at all for an anonymous post: publishing
    them together would tell a moderator who wrote them), and only those waiting as a first post
    unless words_too (a moderator trusting the member looked at the whole card)."""
    if post.is_anonymous:
        return Post.objects.none()
    posts = Post.objects.filter(
        author_id=post.author_id, is_pending_approval=True, is_hidden=False, is_anonymous=False
    ).exclude(pk=post.pk)
    if not words_too:
        word_held = QueueItem.objects.filter(
            status=ItemStatus.OPEN, automatic_reasons__icontains=HELD_FOR_WORD_PREFIX.strip()
        ).values("post_id")
        posts = posts.exclude(pk__in=word_held)
    return posts.select_related("thread").order_by("created_at")


def release_waiting_posts(post: Post, *, acting_user, words_too: bool = False) -> int:
    """Publishes the author's posts that waited with the one just approved, and settles their held
    items (one log row each; the author hears once, in the approval's notice). Urgent items stay
    open: a moderator still has to look at them. Call inside the approval's transaction."""
    released = 0
    for waiting in _waiting_items(post, words_too=words_too):
        locked = Post.objects.select_for_update().get(pk=waiting.pk)
        if not locked.is_pending_approval:
            continue
        locked.thread = waiting.thread
        _make_public(locked)
        released += 1
        items = QueueItem.objects.select_for_update().filter(status=ItemStatus.OPEN, post=locked, lane=Lane.HELD)
        for held_item in items:
            ModerationAction.objects.create(
                actor=acting_user, verb=ModerationVerb.APPROVE_POST, item=held_item, post=locked,
                member_id=filed_under(locked), reason=_("Published with the member's approved post."),
                old_value={"state": HELD}, new_value={"state": VISIBLE},
            )  # fmt: skip
            QueueItem.objects.filter(pk=held_item.pk).update(
                status=ItemStatus.RESOLVED, resolved_at=timezone.now(), resolved_by=acting_user,
                resolution=ModerationVerb.APPROVE_POST,
            )  # fmt: skip
    return released


def _trust(post: Post, *, acting_user, note: str) -> None:
    """First-post holds stop for the author. Call inside the approval's transaction."""
    _trusted, created = TrustedMember.objects.get_or_create(
        member_id=post.author_id, defaults={"trusted_by": acting_user}
    )
    if created:
        ModerationAction.objects.create(
            actor=acting_user, verb=ModerationVerb.TRUST_MEMBER, post=post, member_id=post.author_id, reason=note
        )
