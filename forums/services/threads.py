"""Starting threads, and how far each member has read in them."""

import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from forums.models import Board, Post, Thread, ThreadFollow, ThreadReadState
from forums.notifications.outbox import record_post_published
from forums.services.composer import clean_warnings, existing_submission, file_for_moderators
from forums.services.counters import post_became_public
from moderation.pipeline import NOTHING_ACKNOWLEDGED, Acknowledged, Submission, run_posting_pipeline
from moderation.sanitise import plain_text
from safespace.text import single_line


def create_thread(
    *,
    acting_user,
    board: Board,
    title: str,
    body: str,
    is_anonymous: bool = False,
    content_warnings: Iterable[str] = (),
    submission_token: uuid.UUID | None = None,
    acknowledged: Acknowledged = NOTHING_ACKNOWLEDGED,
) -> Post:
    """Creates the thread and its opening post, follows it for the author, and returns the opening
    post (its `thread` is the new thread). Raises PostingRefused. Sending the same submission_token
    twice returns the first opening post. The title is kept to one line whoever sends it (a browser
    form or any other client): it ends up in email subjects."""
    title = single_line(title)
    try:
        with transaction.atomic():
            if existing := existing_submission(acting_user, submission_token):
                return existing
            result = run_posting_pipeline(
                Submission(
                    author=acting_user,
                    kind="thread",
                    body=body,
                    title=title,
                    board=board,
                    acknowledged=acknowledged,
                )
            )
            # A thread whose opening post waits for approval stays hidden (its author still sees it).
            thread = Thread.objects.create(
                board=board,
                title=title,
                author=acting_user,
                is_anonymous=is_anonymous,
                is_hidden=result.hold_for_approval,
            )
            post = Post.objects.create(
                thread=thread,
                author=acting_user,
                position=1,
                body=body,
                body_html=result.body_html,
                body_text=plain_text(result.body_html),
                search_title=title,
                is_anonymous=is_anonymous,
                content_warnings=clean_warnings(content_warnings),
                is_pending_approval=result.hold_for_approval,
                submission_token=submission_token,
            )
            Thread.objects.filter(pk=thread.pk).update(last_post=post, last_activity_at=post.created_at)
            if not post.is_pending_approval:
                post_became_public(post, board_id=board.pk, at=post.created_at)
            ThreadFollow.objects.get_or_create(thread=thread, member=acting_user)
            record_post_published(post)
            file_for_moderators(post, result)
            ThreadReadState.objects.update_or_create(
                thread=thread, member=acting_user, defaults={"last_read_position": 1}
            )
            thread.last_post = post
            return post
    except IntegrityError:
        # The same form arrived twice at once: the other request created it.
        if existing := existing_submission(acting_user, submission_token):
            return existing
        raise


def mark_thread_read(thread: Thread, *, member, up_to_position: int) -> None:
    """Moves the member's read marker forward, never back."""
    if not member.is_authenticated:
        return
    updated = ThreadReadState.objects.filter(
        thread=thread, member=member, last_read_position__lt=up_to_position
    ).update(last_read_position=up_to_position)
    if not updated:
        ThreadReadState.objects.get_or_create(
            thread=thread, member=member, defaults={"last_read_position": up_to_position}
        )
