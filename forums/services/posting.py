"""Writing to the forum. Every function runs in one transaction, passes member text through the
posting pipeline, and keeps the denormalised counters right with F() updates."""

import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from forums.models import Board, ContentWarning, Post, PostRevision, Thread, ThreadFollow, ThreadReadState
from forums.services.notifications import record_post_published
from moderation.pipeline import NOTHING_ACKNOWLEDGED, Acknowledged, PipelineResult, Submission, run_posting_pipeline
from moderation.sanitise import plain_text
from safespace.text import single_line


def _clean_warnings(content_warnings: Iterable[str]) -> list[str]:
    chosen = set(content_warnings)
    return [warning for warning in ContentWarning.values if warning in chosen]


def _existing_submission(acting_user, submission_token) -> Post | None:
    if submission_token is None:
        return None
    return Post.objects.filter(author=acting_user, submission_token=submission_token).first()


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
) -> Thread:
    """Creates the thread and its opening post, and follows it for the author. Raises PostingRefused.
    Sending the same submission_token twice returns the first thread. The title is kept to one line
    whoever sends it (a browser form or any other client): it ends up in email subjects."""
    title = single_line(title)
    try:
        with transaction.atomic():
            if existing := _existing_submission(acting_user, submission_token):
                return existing.thread
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
                content_warnings=_clean_warnings(content_warnings),
                is_pending_approval=result.hold_for_approval,
                submission_token=submission_token,
            )
            Thread.objects.filter(pk=thread.pk).update(last_post=post, last_activity_at=post.created_at)
            if not post.is_pending_approval:
                Board.objects.filter(pk=board.pk).update(
                    thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post=post
                )
            ThreadFollow.objects.get_or_create(thread=thread, member=acting_user)
            record_post_published(post)
            _queue_for_moderators(post, result)
            ThreadReadState.objects.update_or_create(
                thread=thread, member=acting_user, defaults={"last_read_position": 1}
            )
            thread.last_post = post
            return thread
    except IntegrityError:
        # The same form arrived twice at once: the other request created it.
        if existing := _existing_submission(acting_user, submission_token):
            return existing.thread
        raise


def create_reply(
    thread: Thread,
    *,
    acting_user,
    body: str,
    is_anonymous: bool = False,
    content_warnings: Iterable[str] = (),
    submission_token: uuid.UUID | None = None,
    acknowledged: Acknowledged = NOTHING_ACKNOWLEDGED,
) -> Post:
    """Adds a reply at the next position (the thread row is locked while the position is taken),
    bumps the thread and board, follows the thread for the replier, and records the notification
    event in the same transaction (followers and mentioned members hear of it after commit).
    Raises PostingRefused."""
    try:
        with transaction.atomic():
            if existing := _existing_submission(acting_user, submission_token):
                return existing
            locked = Thread.objects.select_for_update().get(pk=thread.pk)
            result = run_posting_pipeline(
                Submission(
                    author=acting_user,
                    kind="reply",
                    body=body,
                    board=locked.board,
                    thread=locked,
                    acknowledged=acknowledged,
                )
            )
            position = (locked.posts.aggregate(last=Max("position"))["last"] or 0) + 1
            post = Post.objects.create(
                thread=locked,
                author=acting_user,
                position=position,
                body=body,
                body_html=result.body_html,
                body_text=plain_text(result.body_html),
                is_anonymous=is_anonymous,
                content_warnings=_clean_warnings(content_warnings),
                is_pending_approval=result.hold_for_approval,
                submission_token=submission_token,
            )
            if not post.is_pending_approval:
                Thread.objects.filter(pk=locked.pk).update(
                    reply_count=F("reply_count") + 1, last_activity_at=post.created_at, last_post=post
                )
                Board.objects.filter(pk=locked.board_id).update(post_count=F("post_count") + 1, last_post=post)
            ThreadFollow.objects.get_or_create(thread=locked, member=acting_user)
            record_post_published(post)
            _queue_for_moderators(post, result)
            mark_thread_read(locked, member=acting_user, up_to_position=position)
            return post
    except IntegrityError:
        if existing := _existing_submission(acting_user, submission_token):
            return existing
        raise


def edit_post(
    post: Post,
    *,
    acting_user,
    body: str,
    content_warnings: Iterable[str] | None = None,
    acknowledged: Acknowledged = NOTHING_ACKNOWLEDGED,
) -> Post:
    """Keeps the previous text as a revision, then stores the new one. Raises PostingRefused."""
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        result = run_posting_pipeline(
            Submission(
                author=acting_user, kind="edit", body=body, thread=locked.thread, post=locked, acknowledged=acknowledged
            )
        )
        warnings = locked.content_warnings if content_warnings is None else _clean_warnings(content_warnings)
        if body == locked.body and warnings == locked.content_warnings:
            return locked
        PostRevision.objects.create(post=locked, body=locked.body, body_html=locked.body_html, edited_by=acting_user)
        locked.body = body
        locked.body_html = result.body_html
        locked.body_text = plain_text(result.body_html)
        locked.content_warnings = warnings
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "body_html", "body_text", "content_warnings", "edited_at"])
        _queue_for_moderators(locked, result, held=False)  # an edit never re-opens approval
        return locked


def remove_own_post(post: Post, *, acting_user) -> bool:
    """Soft delete: readers see "This post was removed by its author". The text stays stored for
    moderators. Returns False when it was already removed."""
    with transaction.atomic():
        removed = Post.objects.filter(pk=post.pk, author=acting_user, removed_by_author_at__isnull=True).update(
            removed_by_author_at=timezone.now()
        )
        if removed and post.position > 1:
            Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        if removed:
            forget_as_latest([post.pk])
            # The words stay stored for moderators, but not in other members' quotes of them.
            from forums.services.erasure import scrub_copies

            bodies = [post.body, *post.revisions.values_list("body", flat=True)]
            scrub_copies(author=acting_user, removed_bodies=bodies, thread_ids=[post.thread_id])
        return bool(removed)


def forget_as_latest(post_ids) -> None:
    """Posts that were removed or hidden stop being their board's and thread's "latest … by …": the
    newest post everyone can still read takes their place (or none). Call inside the transaction."""
    post_ids = list(post_ids)
    if not post_ids:
        return
    readable = Post.objects.filter(
        is_hidden=False, is_pending_approval=False, removed_by_author_at__isnull=True, thread__is_hidden=False
    ).exclude(pk__in=post_ids)
    for board_id in Board.objects.filter(last_post__in=post_ids).values_list("pk", flat=True):
        latest = readable.filter(thread__board_id=board_id).order_by("-created_at", "-pk").first()
        Board.objects.filter(pk=board_id).update(last_post=latest)
    for thread_id in Thread.objects.filter(last_post__in=post_ids).values_list("pk", flat=True):
        latest = readable.filter(thread_id=thread_id).order_by("-position").first()
        Thread.objects.filter(pk=thread_id).update(last_post=latest)


def follow_thread(thread: Thread, *, member) -> bool:
    """Returns True when the member was not following before."""
    _, created = ThreadFollow.objects.get_or_create(thread=thread, member=member)
    return created


def unfollow_thread(thread: Thread, *, member) -> bool:
    deleted, _ = ThreadFollow.objects.filter(thread=thread, member=member).delete()
    return bool(deleted)


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


def _queue_for_moderators(post: Post, result: PipelineResult, *, held: bool | None = None) -> None:
    from moderation.services import queue_post_from_pipeline

    queue_post_from_pipeline(
        post,
        crisis_signal=result.crisis_signal,
        check_in_requested=result.check_in_requested,
        flags=result.flags,
        held=post.is_pending_approval if held is None else held,
        hold_reasons=result.hold_reasons,
    )


def publish_held_post(post: Post) -> bool:
    """A moderator approved a held post: it becomes public, the counters and the thread's activity
    move as they would have, and followers hear of it. Call inside the approval's transaction."""
    if not Post.objects.filter(pk=post.pk, is_pending_approval=True).update(is_pending_approval=False):
        return False
    post.is_pending_approval = False
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if post.position == 1:
        Thread.objects.filter(pk=thread.pk).update(is_hidden=False)
        Board.objects.filter(pk=thread.board_id).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post=post
        )
    else:
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=timezone.now(), last_post=post
        )
        Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + 1, last_post=post)
    record_post_published(post)
    return True
