"""The one path every new thread, reply and edit takes before it is stored.

`run_posting_pipeline()` runs PIPELINE_STEPS in order inside the calling service's transaction.
A step either refuses the submission with a kind message (PostingRefused: the form is shown again
with everything typed) or adds to the result (flags for the moderation queue, hold for approval,
gentle hints). The last step renders and sanitises the Markdown, once, at write time.

The crisis step runs first, so every later step knows whether the words may come from someone at
risk: such a post is never turned away by a limit (flood control, new members' limits, the
duplicate check, a blocked word); it goes through, after the crisis panel, to the urgent lane. A
refusal that cannot be avoided (a suspension, an empty or over-long post) still carries the crisis
lines. Every matcher reads the text through moderation.text.normalise_for_matching, and every
pattern over member text runs on RE2 (moderation.matching), which never backtracks."""

import math
from dataclasses import dataclass, field
from datetime import timedelta

import re2
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import Post, Thread
from moderation.matching import CompiledWord, watched_words_in
from moderation.models import TrustedMember, WatchedAction
from moderation.restrictions import restriction_for, restriction_message
from moderation.sanitise import render_member_markdown
from moderation.text import normalise_for_matching, visible_text
from safespace.refusals import Refused

TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000

# Flood control. New accounts are where spam and pile-ons come from; established members are only
# kept from posting the same words twice by accident (a double click, a resubmitted form).
NEW_MEMBER_AGE = timedelta(days=7)
NEW_MEMBER_SECONDS_BETWEEN_POSTS = 30
NEW_MEMBER_FIRST_DAY_THREADS = 3
DUPLICATE_WINDOW = timedelta(minutes=5)
# New accounts are also where link spam comes from; two links are plenty to share a resource.
NEW_MEMBER_MAX_LINKS = 2
LINK_PATTERN = re2.compile(r"(?i)(?:https?://|www\.)")
# Every member, however long they have been here: a ceiling high enough that a long, fast
# conversation (a reply every 15 seconds for two minutes, every 30 seconds for ten, one a minute for
# an hour) never meets it, and low enough that twelve replies fired off in a row, each notifying
# every follower, do.
POSTING_LIMITS = [(timedelta(minutes=2), 10), (timedelta(minutes=10), 20), (timedelta(hours=1), 60)]


class PostingRefused(Refused):
    """The submission cannot be published as it is. `message` is shown above the form, which keeps
    everything the member typed; `field` names the form field it is about (or None). `crisis` is
    set when the words carry a crisis signal, so the form shows the crisis lines with the message.
    Its own type because the composer shows it against a field, with the crisis lines."""

    def __init__(self, message: str, *, field: str | None = "body"):
        super().__init__(message)
        self.field = field
        self.crisis = False


HINTS = "hints"
# The hold reason decide_approval gives; every other hold reason is a watched word.
FIRST_POST_HOLD = "first post"
CRISIS = "crisis"


@dataclass(frozen=True)
class Acknowledged:
    """What the member saw and chose before posting: the language hints ("post as written"), the
    crisis panel ("post anyway"), and whether they asked a moderator to check in with them."""

    panels: frozenset = frozenset()
    check_in_requested: bool = False


NOTHING_ACKNOWLEDGED = Acknowledged()


@dataclass(frozen=True)
class Submission:
    author: object
    kind: str  # "thread" | "reply" | "edit"
    body: str
    title: str = ""
    board: object = None
    thread: object = None
    post: object = None
    acknowledged: Acknowledged = NOTHING_ACKNOWLEDGED


@dataclass
class PipelineResult:
    body_html: str = ""
    hold_for_approval: bool = False
    hold_reasons: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    hints: list[tuple[str, str]] = field(default_factory=list)
    crisis_signal: bool = False
    check_in_requested: bool = False
    watched: list[CompiledWord] = field(default_factory=list)


class PostingNeedsConfirmation(PostingRefused):
    """Not a refusal: before publishing, the member sees gentle language hints and/or the crisis
    panel, and can post as written. Where a view does not offer the panel, it reads as a refusal
    that keeps the text."""

    def __init__(self, *, hints: list[tuple[str, str]], crisis: bool):
        super().__init__(
            _("Before you post, please read the note above your message. You can post it as it is."), field=None
        )
        self.hints = hints
        self.crisis = crisis
        self.panels = ([HINTS] if hints else []) + ([CRISIS] if crisis else [])


def detect_crisis_signals(submission: Submission, result: PipelineResult) -> None:
    """The crisis step: finds the watched words in the title and body (one linear pass each) and
    notes a crisis signal. It refuses nothing, so it can run before every step that might."""
    result.watched = watched_words_in(submission.title, submission.body)
    result.crisis_signal = any(word.action == WatchedAction.CRISIS for word in result.watched)


def has_crisis_signal(*, title: str = "", body: str = "") -> bool:
    """For words refused before they reach the pipeline (a form that doesn't validate): whether
    they carry a crisis signal, so the refusal can show the crisis lines."""
    result = PipelineResult()
    detect_crisis_signals(Submission(author=None, kind="reply", title=title, body=body), result)
    return result.crisis_signal


def check_not_restricted(submission: Submission, result: PipelineResult) -> None:
    """Suspended and banned members can read, not post (or edit)."""
    if sanction := restriction_for(submission.author):
        raise PostingRefused(restriction_message(sanction) + " " + _("Your text is still here."), field=None)


def check_lengths(submission: Submission, result: PipelineResult) -> None:
    if submission.kind == "thread":
        # Zero-width and other invisible characters don't count: a title of them reads as blank.
        title = visible_text(submission.title)
        if len(title) < TITLE_MIN_LENGTH:
            raise PostingRefused(
                _("Please give your thread a title of at least %(count)d characters.") % {"count": TITLE_MIN_LENGTH},
                field="title",
            )
        if len(title) > TITLE_MAX_LENGTH:
            raise PostingRefused(
                _("Please keep the title to %(count)d characters; the rest can go in your post.")
                % {"count": TITLE_MAX_LENGTH},
                field="title",
            )
    if not visible_text(submission.body):
        raise PostingRefused(_("Your post is empty. Write as much or as little as you like, then post."))
    if len(submission.body) > BODY_MAX_LENGTH:
        raise PostingRefused(
            _(
                "Your post is a little long for one message (%(max)s characters at most; it has %(length)s). "
                "You could split it into two replies. Nothing you wrote is lost."
            )
            % {"max": f"{BODY_MAX_LENGTH:,}", "length": f"{len(submission.body):,}"}
        )


def check_flood(submission: Submission, result: PipelineResult) -> None:
    """New members' limits and the duplicate check. A post with a crisis signal passes them all:
    being told to wait or come back tomorrow is the last thing someone at risk should read, and
    the urgent lane puts the post in front of a moderator anyway."""
    author = submission.author
    if submission.kind == "edit" or getattr(author, "is_moderator", False) or result.crisis_signal:
        return
    now = timezone.now()
    is_new_member = author.date_joined > now - NEW_MEMBER_AGE

    if is_new_member:
        last_post_at = (
            Post.objects.filter(author=author).order_by("-created_at").values_list("created_at", flat=True).first()
        )
        if last_post_at is not None:
            wait = NEW_MEMBER_SECONDS_BETWEEN_POSTS - int((now - last_post_at).total_seconds())
            if wait > 0:
                raise PostingRefused(
                    ngettext(
                        "You're posting quickly: please wait about %(seconds)d second before posting again. "
                        "Your text is still here.",
                        "You're posting quickly: please wait about %(seconds)d seconds before posting again. "
                        "Your text is still here.",
                        wait,
                    )
                    % {"seconds": wait},
                    field=None,
                )
        if submission.kind == "thread" and now - author.date_joined < timedelta(days=1):
            started = Thread.objects.filter(author=author, created_at__gte=author.date_joined).count()
            if started >= NEW_MEMBER_FIRST_DAY_THREADS:
                raise PostingRefused(
                    _(
                        "New members can start %(count)d threads on their first day. You can still reply to "
                        "threads, and tomorrow you can start more. Your text is still here."
                    )
                    % {"count": NEW_MEMBER_FIRST_DAY_THREADS},
                    field=None,
                )

    if is_new_member and len(LINK_PATTERN.findall(submission.body)) > NEW_MEMBER_MAX_LINKS:
        raise PostingRefused(
            _(
                "New members can share up to %(count)d links in a post (it keeps spam away). Please remove "
                "some; after your first week there is no limit. Your text is still here."
            )
            % {"count": NEW_MEMBER_MAX_LINKS}
        )

    _check_posting_rate(author, now=now)

    recent_bodies = Post.objects.filter(author=author, created_at__gte=now - DUPLICATE_WINDOW).values_list(
        "body", flat=True
    )
    body = normalise_for_matching(submission.body)
    if any(normalise_for_matching(previous) == body for previous in recent_bodies):
        raise PostingRefused(
            _("You posted exactly this a moment ago, so we didn't post it twice. You'll find it in the thread."),
            field=None,
        )


def _check_posting_rate(author, *, now) -> None:
    """The posting limit for every member (POSTING_LIMITS), counted from their posts in the database
    (the (author, created_at) index), so it holds across workers and needs no cache. The wait named
    is until the oldest post in the window leaves it."""
    longest = max(window for window, _count in POSTING_LIMITS)
    recent = list(
        Post.objects.filter(author=author, created_at__gt=now - longest)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(count for _window, count in POSTING_LIMITS)]
    )
    for window, count in POSTING_LIMITS:
        in_window = [created for created in recent if created > now - window]
        if len(in_window) < count:
            continue
        minutes = max(1, math.ceil((in_window[count - 1] + window - now).total_seconds() / 60))
        raise PostingRefused(
            ngettext(
                "You've written a lot in a short time, thank you for being here. Please take a breath and "
                "post again in about %(minutes)d minute. Your text is still here.",
                "You've written a lot in a short time, thank you for being here. Please take a breath and "
                "post again in about %(minutes)d minutes. Your text is still here.",
                minutes,
            )
            % {"minutes": minutes},
            field=None,
        )


def check_watched_words(submission: Submission, result: PipelineResult) -> None:
    """Acts on the words detect_crisis_signals found. Block refuses (kindly, the text kept); hold
    waits for a moderator; flag publishes and opens a queue item; hint suggests kinder words. With
    a crisis signal a blocked word holds the post instead: a moderator sees it first, and the
    member is not turned away."""
    for word in result.watched:
        if word.action == WatchedAction.BLOCK and result.crisis_signal:
            result.hold_for_approval = True
            result.hold_reasons.append(word.phrase)
        elif word.action == WatchedAction.BLOCK:
            raise PostingRefused(
                _(
                    "Your post includes “%(phrase)s”, which isn't allowed here. %(why)s Please change it and "
                    "post again: your text is still here."
                )
                % {"phrase": word.phrase if not word.is_pattern else _("a blocked phrase"), "why": word.suggestion}
            )
        if word.action == WatchedAction.HOLD:
            result.hold_for_approval = True
            result.hold_reasons.append(word.phrase)
        elif word.action == WatchedAction.FLAG:
            result.flags.append(word.phrase)
        elif word.action == WatchedAction.HINT:
            result.hints.append((word.phrase, word.suggestion))


def ask_before_publishing(submission: Submission, result: PipelineResult) -> None:
    """Hints and the crisis panel are shown once; posting as written is always possible."""
    panels = submission.acknowledged.panels
    hints = result.hints if HINTS not in panels else []
    crisis = result.crisis_signal and CRISIS not in panels
    if hints or crisis:
        raise PostingNeedsConfirmation(hints=hints, crisis=crisis)
    result.check_in_requested = result.crisis_signal and submission.acknowledged.check_in_requested


def decide_approval(submission: Submission, result: PipelineResult) -> None:
    """A new member's (under a week) first post waits for a moderator's quick look when the board
    says so, or, where the board leaves it to the site, when MODERATION_HOLD_FIRST_POST does. While
    it waits, their further posts wait with it (they have nothing published yet): one approval then
    publishes them together, and from then on nothing of theirs waits for this reason. A member a
    moderator trusted never waits. Moderators and edits are never held here."""
    author = submission.author
    if submission.kind == "edit" or getattr(author, "is_moderator", False):
        return
    if author.date_joined <= timezone.now() - NEW_MEMBER_AGE:
        return  # not a new member: an account that has been here a week posts at once
    board_choice = getattr(submission.board, "first_post_approval", "")
    hold_first_posts = board_choice == "hold" or (board_choice == "" and settings.MODERATION_HOLD_FIRST_POST)
    if not hold_first_posts:
        return
    # Anything of theirs already public means a moderator (or a board that publishes at once) has
    # let them in: holding again would make them wait twice.
    if Post.objects.filter(author=author, is_pending_approval=False).exists():
        return
    if TrustedMember.objects.filter(member=author).exists():
        return
    result.hold_for_approval = True
    result.hold_reasons.append(FIRST_POST_HOLD)


def render(submission: Submission, result: PipelineResult) -> None:
    result.body_html = render_member_markdown(submission.body)


# The crisis step comes first, so every later step knows: the limits let a crisis post pass (see
# check_flood), a blocked word holds it instead, and it meets "Are you safe right now?" before it
# is posted, never a refusal.
PIPELINE_STEPS = [
    detect_crisis_signals,
    check_not_restricted,
    check_lengths,
    check_watched_words,
    check_flood,
    ask_before_publishing,
    decide_approval,
    render,
]
PREVIEW_STEPS = [check_lengths, render]


def run_posting_pipeline(submission: Submission) -> PipelineResult:
    """Call inside the service's transaction. Raises PostingRefused (with `crisis` set when the
    words carry a crisis signal); has no side effects itself."""
    result = PipelineResult()
    try:
        for step in PIPELINE_STEPS:
            step(submission, result)
    except PostingNeedsConfirmation:
        raise  # it carries its own panels: the crisis one is shown once, then acknowledged
    except PostingRefused as refusal:
        refusal.crisis = result.crisis_signal
        raise
    return result


def render_preview(submission: Submission) -> str:
    """Exactly the HTML that posting would publish, without flood checks."""
    result = PipelineResult()
    for step in PREVIEW_STEPS:
        step(submission, result)
    return result.body_html
