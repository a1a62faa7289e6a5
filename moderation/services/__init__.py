"""Moderation's writes, one module per noun; this file only hands their names on. Reads (what a
suspension should be, which decisions a member may appeal) are in moderation/selectors.py, and the
cached "is this member restricted?" in moderation/restrictions.py."""

from moderation.services.appeals import decide_appeal, file_appeal
from moderation.services.posts import (
    add_content_warning,
    approve_held_post,
    moderator_edit_post,
    restore_post,
    reveal_anonymous_author,
)
from moderation.services.queue import (
    CHECK_IN_FIRST,
    RESOLUTIONS,
    approve_post,
    check_in_pending,
    claim_item,
    reject_post,
    release_all_claims,
    release_item,
    resolve_item,
    resolve_items,
    settle_item,
)
from moderation.services.reports import (
    AUTO_HIDE_SCORE,
    AUTO_HIDE_SCORE_OFF_HOURS,
    REPORT_WEIGHTS,
    REPORTS_PER_DAY,
    RESTRICTED_REPORTS_PER_DAY,
    file_report,
)
from moderation.services.sanctions import (
    add_member_note,
    announce_ended_suspensions,
    lift_restriction,
    sanction_member,
)
from moderation.services.threads import lock_thread, move_thread, pin_thread

__all__ = [
    "AUTO_HIDE_SCORE",
    "AUTO_HIDE_SCORE_OFF_HOURS",
    "CHECK_IN_FIRST",
    "REPORTS_PER_DAY",
    "REPORT_WEIGHTS",
    "RESOLUTIONS",
    "RESTRICTED_REPORTS_PER_DAY",
    "add_content_warning",
    "add_member_note",
    "announce_ended_suspensions",
    "approve_held_post",
    "approve_post",
    "check_in_pending",
    "claim_item",
    "decide_appeal",
    "file_appeal",
    "file_report",
    "lift_restriction",
    "lock_thread",
    "moderator_edit_post",
    "move_thread",
    "pin_thread",
    "reject_post",
    "release_all_claims",
    "release_item",
    "resolve_item",
    "resolve_items",
    "restore_post",
    "reveal_anonymous_author",
    "sanction_member",
    "settle_item",
]
