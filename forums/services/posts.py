"""Writing posts: replies, edits, an author removing their post, a held post made public. Every
function runs in one transaction, passes member text through the posting pipeline
(moderation.pipeline), and keeps the counters right through forums.services.counters."""

import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from forums.models import Post, PostRevision, Thread, ThreadFollow
from forums.notifications.outbox import record_post_published
from forums.services.composer import clean_warnings, existing_submission, file_for_moderators
from forums.services.counters import post_became_public, post_removed_by_author
from forums.services.members import scrub_copies
from forums.services.threads import mark_thread_read
from moderation.pipeline import NOTHING_ACKNOWLEDGED, Acknowledged, Submission, run_posting_pipeline
from moderation.sanitise import plain_text


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
            if existing := existing_submission(acting_user, submission_token):
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
                content_warnings=clean_warnings(content_warnings),
                is_pending_approval=result.hold_for_approval,
                submission_token=submission_token,
            )
            if not post.is_pending_approval:
                post_became_public(post, board_id=locked.board_id, at=post.created_at)
            ThreadFollow.objects.get_or_create(thread=locked, member=acting_user)
            record_post_published(post)
            file_for_moderators(post, result)
            mark_thread_read(locked, member=acting_user, up_to_position=position)
            return post
    except IntegrityError:
        if existing := existing_submission(acting_user, submission_token):
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
        warnings = locked.content_warnings if content_warnings is None else clean_warnings(content_warnings)
        if body == locked.body and warnings == locked.content_warnings:
            return locked
        PostRevision.objects.create(post=locked, body=locked.body, body_html=locked.body_html, edited_by=acting_user)
        locked.body = body
        locked.body_html = result.body_html
        locked.body_text = plain_text(result.body_html)
        locked.content_warnings = warnings
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "body_html", "body_text", "content_warnings", "edited_at"])
        file_for_moderators(locked, result, held=False)  # an edit never re-opens approval
        return locked


def remove_own_post(post: Post, *, acting_user) -> bool:
    """Soft delete: readers see "This post was removed by its author". The text stays stored for
    moderators. Returns False when it was already removed."""
    with transaction.atomic():
        removed = Post.objects.filter(pk=post.pk, author=acting_user, removed_by_author_at__isnull=True).update(
            removed_by_author_at=timezone.now()
        )
        if removed:
            post_removed_by_author(post)
            # The words stay stored for moderators, but not in other members' quotes of them.
            bodies = [post.body, *post.revisions.values_list("body", flat=True)]
            scrub_copies(author=acting_user, removed_bodies=bodies, thread_ids=[post.thread_id])
        return bool(removed)


def publish_held_post(post: Post) -> bool:
    """A moderator approved a held post: it becomes public, the counters and the thread's activity
    move as they would have, and followers hear of it. Call inside the approval's transaction."""
    if not Post.objects.filter(pk=post.pk, is_pending_approval=True).update(is_pending_approval=False):
        return False
    post.is_pending_approval = False
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if post.position == 1:
        Thread.objects.filter(pk=thread.pk).update(is_hidden=False)
    post_became_public(post, board_id=thread.board_id, at=timezone.now())
    record_post_published(post)
    return True
