"""Moderation's pages, one module per noun; this file only hands their names on to urls.py."""

from moderation.views.appeals import appeal_create, appeal_list
from moderation.views.members import member_moderate
from moderation.views.posts import (
    post_add_warning,
    post_approve,
    post_approve_and_trust,
    post_edit,
    post_moderate,
    post_move_thread,
    post_restore,
    post_reveal_author,
    post_thread_flip,
)
from moderation.views.queue import hand_over, item_detail, queue, queue_settle
from moderation.views.reports import guidelines, report_member, report_post, report_sent

__all__ = [
    "appeal_create",
    "appeal_list",
    "guidelines",
    "hand_over",
    "item_detail",
    "member_moderate",
    "post_add_warning",
    "post_approve",
    "post_approve_and_trust",
    "post_edit",
    "post_moderate",
    "post_move_thread",
    "post_restore",
    "post_reveal_author",
    "post_thread_flip",
    "queue",
    "queue_settle",
    "report_member",
    "report_post",
    "report_sent",
]
