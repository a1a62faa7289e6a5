"""The one path every new thread, reply and edit takes before it is stored.

`run_posting_pipeline()` runs PIPELINE_STEPS in order inside the calling service's transaction.
A step either refuses the submission with a kind message (PostingRefused: the form is shown again
with everything typed) or adds to the result (flags for the moderation queue, hold for approval,
gentle hints). The last step renders and sanitises the Markdown, once, at write time."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from moderation.sanitise import render_member_markdown

TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000

# Flood control. New accounts are where spam and pile-ons come from; established members are only
# kept from posting the same words twice by accident (a double click, a resubmitted form).
NEW_MEMBER_AGE = timedelta(days=7)
NEW_MEMBER_SECONDS_BETWEEN_POSTS = 30
NEW_MEMBER_FIRST_DAY_THREADS = 3
DUPLICATE_WINDOW = timedelta(minutes=5)


class PostingRefused(Exception):
    """The submission cannot be published as it is. `message` is shown above the form, which keeps
    everything the member typed; `field` names the form field it is about (or None)."""

    def __init__(self, message: str, *, field: str | None = "body"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Submission:
    author: object
    kind: str  # "thread" | "reply" | "edit"
    body: str
    title: str = ""
    board: object = None
    thread: object = None
    post: object = None


@dataclass
class PipelineResult:
    body_html: str = ""
    hold_for_approval: bool = False
    flags: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)


def check_lengths(submission: Submission, result: PipelineResult) -> None:
    if submission.kind == "thread":
        title = submission.title.strip()
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
    if not submission.body.strip():
        raise PostingRefused(_("Your post is empty. Write as much or as little as you like, then post."))
    if len(submission.body) > BODY_MAX_LENGTH:
        raise PostingRefused(
            _(
                "Your post is a little long for one message (%(max)s characters at most; it has %(length)s). "
                "You could split it into two replies. Nothing you wrote is lost."
            )
            % {"max": f"{BODY_MAX_LENGTH:,}", "length": f"{len(submission.body):,}"}
        )


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def check_flood(submission: Submission, result: PipelineResult) -> None:
    from forums.models import Post, Thread

    author = submission.author
    if submission.kind == "edit" or getattr(author, "is_moderator", False):
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

    recent_bodies = Post.objects.filter(author=author, created_at__gte=now - DUPLICATE_WINDOW).values_list(
        "body", flat=True
    )
    body = _normalised(submission.body)
    if any(_normalised(previous) == body for previous in recent_bodies):
        raise PostingRefused(
            _("You posted exactly this a moment ago, so we didn't post it twice. You'll find it in the thread."),
            field=None,
        )


def check_watched_words(submission: Submission, result: PipelineResult) -> None:
    """Watched words (block, hold, flag, hint) are managed by moderators. None are configured in
    this version of the pipeline, so nothing is refused or flagged here."""


def check_crisis_signals(submission: Submission, result: PipelineResult) -> None:
    """Phrases that suggest someone may be at risk open an urgent queue item. None are configured
    in this version of the pipeline."""


def decide_approval(submission: Submission, result: PipelineResult) -> None:
    """Whether the post waits for a moderator before others see it. Nothing is held in this version
    of the pipeline: posts publish at once."""


def render(submission: Submission, result: PipelineResult) -> None:
    result.body_html = render_member_markdown(submission.body)


PIPELINE_STEPS = [check_lengths, check_flood, check_watched_words, check_crisis_signals, decide_approval, render]
PREVIEW_STEPS = [check_lengths, render]


def run_posting_pipeline(submission: Submission) -> PipelineResult:
    """Call inside the service's transaction. Raises PostingRefused; has no side effects itself."""
    result = PipelineResult()
    for step in PIPELINE_STEPS:
        step(submission, result)
    return result


def render_preview(submission: Submission) -> str:
    """Exactly the HTML that posting would publish, without flood checks."""
    result = PipelineResult()
    for step in PREVIEW_STEPS:
        step(submission, result)
    return result.body_html
