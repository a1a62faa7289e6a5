"""What every composer's write shares: the submission token that makes a resent form create nothing
twice, the content warnings as stored, filing the result for moderators, and the preview."""

import uuid
from collections.abc import Iterable

from forums.models import Board, ContentWarning, Post, Thread
from moderation.intake import queue_post_from_pipeline
from moderation.pipeline import PipelineResult, Submission, render_preview


def clean_warnings(content_warnings: Iterable[str]) -> list[str]:
    """The known warnings, in their fixed order."""
    chosen = set(content_warnings)
    return [warning for warning in ContentWarning.values if warning in chosen]


def existing_submission(acting_user, submission_token: uuid.UUID | None) -> Post | None:
    """The post this member already created from the same form, if any."""
    if submission_token is None:
        return None
    return Post.objects.filter(author=acting_user, submission_token=submission_token).first()


def file_for_moderators(post: Post, result: PipelineResult, *, held: bool | None = None) -> None:
    """Puts the post in the moderators' queue when the pipeline found something (a crisis signal, a
    check-in asked for, a watched word, a hold). Call inside the writing transaction."""
    queue_post_from_pipeline(
        post,
        crisis_signal=result.crisis_signal,
        check_in_requested=result.check_in_requested,
        flags=result.flags,
        held=post.is_pending_approval if held is None else held,
        hold_reasons=result.hold_reasons,
    )


def preview_post(
    *,
    acting_user,
    kind: str,
    body: str,
    title: str = "",
    board: Board | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
) -> str:
    """Exactly the HTML posting would publish (the pipeline's own length check and render), without
    writing anything. `kind` is "thread", "reply" or "edit". Raises PostingRefused."""
    return render_preview(
        Submission(author=acting_user, kind=kind, body=body, title=title, board=board, thread=thread, post=post)
    )
