"""The demo's conversation with the moderator team, written through the real service so it also
rings the team's bell: demo_willow asks the team something, and it waits in the team's list for
demo_moderator (once two-factor is on) to claim, give to a colleague, or answer."""

from accounts.models import User
from conversations.models import TeamConversation, Topic
from conversations.services import start_conversation_as_member

DEMO_MESSAGE = (
    "Hi, I'm not sure where to ask this. Is it all right to post about a hard day at work on the "
    "Stress & burnout board, or does that belong somewhere else? I don't want to upset anyone."
)


def seed_demo_conversation() -> None:
    """Only while demo_willow has no conversation with the team, so a second run changes nothing."""
    member = User.objects.filter(username="demo_willow").first()
    if member is None or TeamConversation.objects.filter(member=member).exists():
        return
    start_conversation_as_member(acting_user=member, topic=Topic.GENERAL, body=DEMO_MESSAGE)
