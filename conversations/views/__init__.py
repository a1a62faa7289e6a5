"""Conversations' pages: the member's in members.py, the team's in team.py; this file only hands
their names on to urls.py."""

from conversations.views.members import conversation_create, conversation_detail, follow_up, inbox, message_report
from conversations.views.team import check_in, decision_note, team_create, team_detail, team_list

__all__ = [
    "check_in",
    "conversation_create",
    "conversation_detail",
    "decision_note",
    "follow_up",
    "inbox",
    "message_report",
    "team_create",
    "team_detail",
    "team_list",
]
