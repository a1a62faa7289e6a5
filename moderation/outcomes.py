"""What settling a queue item does, written once.

A moderator's choice says what they want for the post: keep it (approve, "no guideline broken:
leave it up", restore) or hide it (with a guideline). What happens, and what everyone is told,
follows from where the post starts and where it ends, never from the button alone: "hide" on a
post that reports already hid still records the moderator's decision, gives the author the
guideline and the appeal path, and tells reporters that action was taken; "leave it up" on a held
post publishes it. OUTCOMES is that rule, one row per (starting state, intent); the tests walk
every cell.

A table and no writes: moderation/services/queue.py settles items by it; selectors, forms and
views read the starting state from it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from moderation.models import ModerationVerb, QueueItem
from moderation.notices import ACTION_TAKEN, STAYS_UP

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

# What reporters hear: ACTION_TAKEN or STAYS_UP (moderation/notices.py words them).


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


def guideline_words(section) -> str:
    return _("guideline %(number)s, “%(title)s”") % {"number": section.number, "title": section.title}
