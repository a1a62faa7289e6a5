"""What conversations holds about a member, handed to accounts (accounts/member_data.py) for the data
download and account deletion."""

from conversations.models import FollowUpPrompt, TeamConversation
from conversations.selectors import member_conversation_data_for_export


def erase_member_conversations(member) -> int:
    """Account deletion: the member's conversations with the team go, every message in them (theirs
    and the team's, which were written to them); the moderation log keeps its rows, which carry no
    words. Call inside the deletion's transaction."""
    FollowUpPrompt.objects.filter(member=member).delete()
    deleted, _rows = TeamConversation.objects.filter(member=member).delete()
    return deleted


def erase_member_data(user, *, keep_posts: bool) -> None:
    """Inside the account deletion's transaction: their private words to the team go, whatever
    happens to their posts."""
    erase_member_conversations(user)


HOOKS = {"export": member_conversation_data_for_export, "erase": erase_member_data}
