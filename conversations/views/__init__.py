"""Conversations' pages: the member's in members.py, the team's in team.py; this file only hands
their names on to urls.py."""

from conversations.views.members import (
    check_in_answer,
    conversation_create,
    conversation_detail,
    follow_up,
    follow_up_dismiss,
    inbox,
    message_report,
)
from conversations.views.team import (
    check_in,
    decision_note,
    team_assign,
    team_claim,
    team_close,
    team_create,
    team_detail,
    team_list,
    team_release,
)

__all__ = [
    "check_in",
    "check_in_answer",
    "conversation_create",
    "conversation_detail",
    "decision_note",
    "follow_up",
    "follow_up_dismiss",
    "inbox",
    "message_report",
    "team_assign",
    "team_claim",
    "team_close",
    "team_create",
    "team_detail",
    "team_list",
    "team_release",
]
