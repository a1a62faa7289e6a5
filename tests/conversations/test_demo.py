"""The demo shows a conversation with the moderator team, once, however often seed_demo runs."""

import pytest
from django.core.management import call_command

from conversations.models import Author, TeamConversation, Topic

pytestmark = pytest.mark.django_db


def test_seed_demo_starts_one_conversation_with_the_team_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
        call_command("seed_demo")
    conversation = TeamConversation.objects.get()
    assert conversation.member.username == "demo_willow"
    assert conversation.topic == Topic.GENERAL
    assert conversation.started_by_member and conversation.waiting_for_team
    message = conversation.messages.get()
    assert message.written_as == Author.MEMBER
    assert "Stress &amp; burnout" in message.body_html
