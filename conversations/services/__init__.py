"""Conversations' writes, one module per noun; this file only hands their names on. How a message
joins a conversation is in conversations/messages.py, and the automatic out-of-hours check-in the
posting transaction sends in conversations/intake.py."""

from conversations.intake import send_automatic_check_in
from conversations.services.check_ins import (
    CHECK_IN_ANSWER_WINDOW,
    STILL_STRUGGLING_REASON,
    answer_check_in,
    check_in,
    has_been_checked_in,
    reopen_urgent,
    sweep_unanswered_check_ins,
)
from conversations.services.common import MEMBER_MESSAGE_LIMITS, NEW_CONVERSATIONS_PER_DAY
from conversations.services.conversations import (
    assign_conversation,
    claim_conversation,
    close_conversation,
    mark_read_by_member,
    release_conversation,
    report_team_message,
    send_decision_note,
    start_conversation_as_member,
    start_conversation_as_team,
    write_as_member,
    write_as_team,
)
from conversations.services.follow_ups import (
    FOLLOW_UP_LOOKBACK,
    answer_follow_up,
    dismiss_follow_up,
    follow_up_candidates,
    sweep_follow_up_prompts,
)

__all__ = [
    "CHECK_IN_ANSWER_WINDOW",
    "FOLLOW_UP_LOOKBACK",
    "MEMBER_MESSAGE_LIMITS",
    "NEW_CONVERSATIONS_PER_DAY",
    "STILL_STRUGGLING_REASON",
    "answer_check_in",
    "answer_follow_up",
    "assign_conversation",
    "check_in",
    "claim_conversation",
    "close_conversation",
    "dismiss_follow_up",
    "follow_up_candidates",
    "has_been_checked_in",
    "mark_read_by_member",
    "release_conversation",
    "reopen_urgent",
    "report_team_message",
    "send_automatic_check_in",
    "send_decision_note",
    "start_conversation_as_member",
    "start_conversation_as_team",
    "sweep_follow_up_prompts",
    "sweep_unanswered_check_ins",
    "write_as_member",
    "write_as_team",
]
