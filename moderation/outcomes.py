"""What settling a queue item does, written once.

A moderator's choice says what they want for the post: keep it (approve, "no guideline broken:
leave it up", restore) or hide it (with a guideline). What happens, and what everyone is told,
follows from where the post starts and where it ends, never from the button alone: "hide" on a
post that reports already hid still records the moderator's decision, gives the author the
guideline and the appeal path, and tells reporters that action was taken; "leave it up" on a held
post publishes it. OUTCOMES is that rule, one row per (starting state, intent); the tests walk
every cell."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import NotificationKind, Post
from forums.services.notifications import notify_member
from forums.services.posting import forget_as_latest, publish_held_post
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem, ReportReason, TrustedMember
from moderation.services import HELD_FOR_WORD_PREFIX, _filed_under
from safespace.refusals import Refused

# Where a post starts.
VISIBLE = "visible"
AUTO_HIDDEN = "auto-hidden"  # hidden by members' reports until a moderator looks
HIDDEN = "hidden"  # hidden by a moderator's earlier decision
HELD = "held"  # waiting for approval (never public yet)
MEMBER = "member"  # the item is about a member's account, not a post
# Where it ends.
NOT_PUBLISHED = "not-published"

# What the moderator wants.
KEEP = "keep"
HIDE = "hide"
INTENT = {
    ModerationVerb.APPROVE_POST: KEEP,
    ModerationVerb.DISMISS: KEEP,
    ModerationVerb.RESTORE_POST: KEEP,
    ModerationVerb.HIDE_POST: HIDE,
    ModerationVerb.REJECT_POST: HIDE,
}

# What reporters hear.
ACTION_TAKEN = "action-taken"
STAYS_UP = "stays-up"


@dataclass(frozen=True)
class Outcome:
    post_state: str | None  # the post afterwards (None: no post)
    verb: str  # the one log row written
    author_notice: str | None  # which notice the author gets (None: nothing changed for them)
    reporter_notice: str


OUTCOMES: dict[tuple[str, str], Outcome] = {
    (VISIBLE, KEEP): Outcome(VISIBLE, ModerationVerb.DISMISS, None, STAYS_UP),
    (VISIBLE, HIDE): Outcome(HIDDEN, ModerationVerb.HIDE_POST, "hidden", ACTION_TAKEN),
    (AUTO_HIDDEN, KEEP): Outcome(VISIBLE, ModerationVerb.RESTORE_POST, "restored", STAYS_UP),
    (AUTO_HIDDEN, HIDE): Outcome(HIDDEN, ModerationVerb.HIDE_POST, "hidden", ACTION_TAKEN),
    (HIDDEN, KEEP): Outcome(VISIBLE, ModerationVerb.RESTORE_POST, "restored", STAYS_UP),
    (HIDDEN, HIDE): Outcome(HIDDEN, ModerationVerb.HIDE_POST, "hidden", ACTION_TAKEN),
    (HELD, KEEP): Outcome(VISIBLE, ModerationVerb.APPROVE_POST, "approved", STAYS_UP),
    (HELD, HIDE): Outcome(NOT_PUBLISHED, ModerationVerb.REJECT_POST, "not-published", ACTION_TAKEN),
    (MEMBER, KEEP): Outcome(None, ModerationVerb.DISMISS, None, STAYS_UP),
}


def starting_state(item: QueueItem) -> str:
    post = item.post
    if post is None:
        return MEMBER
    if post.is_pending_approval:
        return HELD
    if post.is_hidden:
        return AUTO_HIDDEN if item.auto_hidden else HIDDEN
    return VISIBLE


def _guideline_words(section) -> str:
    return _("guideline %(number)s, “%(title)s”") % {"number": section.number, "title": section.title}


def _author_notice(kind: str, post: Post, *, section, also_published: int, trusted: bool) -> str:
    thread = post.thread.title
    ask_again = _("If you think it was a mistake, you can ask for it to be looked at again.")
    if kind == "hidden":
        return (
            _(
                "A moderator hid your post in “%(thread)s” because of %(guideline)s. You can still see it and "
                "edit it; nothing you wrote is lost."
            )
            % {"thread": thread, "guideline": _guideline_words(section)}
            + " "
            + ask_again
        )
    if kind == "not-published":
        return (
            _(
                "A moderator didn't publish your post in “%(thread)s”, because of %(guideline)s. You can still "
                "see it and edit it; nothing you wrote is lost."
            )
            % {"thread": thread, "guideline": _guideline_words(section)}
            + " "
            + ask_again
        )
    if kind == "restored":
        return _(
            "A moderator looked at your post in “%(thread)s” and found no guideline broken. Everyone can see it again."
        ) % {"thread": thread}
    text = _("Your post in “%(thread)s” has been approved and everyone can see it now. Welcome!") % {"thread": thread}
    if also_published:
        text += " " + _("Your other posts that were waiting are up too.")
    if trusted:
        text += " " + _("From now on, your posts appear as soon as you send them.")
    return text


def reporter_message(item: QueueItem, notice: str, *, worried: bool) -> str:
    """What one reporter is told, from their own report: "I'm worried" is answered as care for a
    person, while a report of a broken guideline in the same (urgent) item still hears the outcome."""
    if worried:
        return _("Thank you for looking out for someone. A moderator has looked into what you told us.")
    what = _("the post you reported") if item.post_id else _("the member you reported")
    if notice == ACTION_TAKEN:
        return _("We reviewed %(what)s and took action. Thank you for helping keep Safe Space kind.") % {"what": what}
    return _("We reviewed %(what)s and it stays up: we didn't find a guideline broken. Thank you for telling us.") % {
        "what": what
    }


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
        reason = _("Not published, because of %(guideline)s.") % {"guideline": _guideline_words(section)}
    else:
        reason = _("Hidden by a moderator because of %(guideline)s.") % {"guideline": _guideline_words(section)}
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
            member_id=_filed_under(post) if post is not None else locked.member_id,
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
                message=_author_notice(
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
                message=reporter_message(locked, outcome.reporter_notice, worried=worried),
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
                member_id=_filed_under(locked), reason=_("Published with the member's approved post."),
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
