"""Giving a conversation to a named moderator: from the conversation's page as rendered, who may be
chosen, what the log keeps, and who is told."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from conversations import services
from conversations.models import TeamConversation, Topic
from forums.models import Notification, NotificationKind
from moderation.models import ModerationAction, ModerationVerb
from safespace.refusals import Refused
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _conversation(member, *, topic=Topic.GENERAL):
    return services.start_conversation_as_member(acting_user=member, topic=topic, body="Could someone help?")


def _options(page) -> list[str]:
    return [option.text.strip() for option in page.html.select('form#assign select[name="moderator"] option')]


def test_assign_conversation_from_the_page_gives_it_to_the_chosen_moderator_who_is_told(
    django_app, settled_member, moderator, django_capture_on_commit_callbacks
):
    colleague = ModeratorFactory(username="rowan")
    conversation = _conversation(settled_member)
    page = django_app.get(reverse("conversations:team-detail", args=[conversation.pk]), user=moderator)
    form = page.forms["assign"]
    chosen = next(value for value, _selected, label in form["moderator"].options if label == "rowan")
    form["moderator"] = chosen  # fails unless the page offers rowan
    with django_capture_on_commit_callbacks(execute=True):
        done = form.submit().follow()
    text = html.unescape(done.text)
    assert "Given to rowan, who has been told." in text
    assert "rowan has this conversation." in text
    assert TeamConversation.objects.get(pk=conversation.pk).assigned_to == colleague
    row = ModerationAction.objects.get(verb=ModerationVerb.CONVERSATION_ASSIGN)
    assert row.actor == moderator
    assert row.new_value == {"conversation": conversation.pk, "assigned_to": colleague.pk}
    told = Notification.objects.get(recipient=colleague, kind=NotificationKind.TEAM_CONVERSATION)
    assert told.message == "A conversation with a member was given to you."
    assert told.link == reverse("conversations:team-detail", args=[conversation.pk])
    # The member is not told who on the team has it: they write to "the moderator team".
    assert not Notification.objects.filter(recipient=settled_member, message__contains="given").exists()
    # The colleague's own page says it is theirs.
    theirs = django_app.get(reverse("conversations:team-detail", args=[conversation.pk]), user=colleague)
    assert "You have this conversation." in theirs.text


def test_assign_conversation_offers_only_the_team_who_can_read_it(django_app, settled_member, moderator, admin_user):
    ModeratorFactory(username="rowan")
    ModeratorFactory(username="no-two-factor", two_factor=False)
    UserFactory(username="plain-member")
    conversation = _conversation(settled_member)
    offered = _options(django_app.get(reverse("conversations:team-detail", args=[conversation.pk]), user=moderator))
    assert "rowan" in offered
    assert "no-two-factor" not in offered
    assert "plain-member" not in offered
    assert settled_member.display_name not in offered
    # A concern about a moderator is the admins' only: no moderator is offered.
    concern = _conversation(settled_member, topic=Topic.CONCERN)
    offered = _options(django_app.get(reverse("conversations:team-detail", args=[concern.pk]), user=admin_user))
    assert admin_user.display_name in offered
    assert "rowan" not in offered


def test_assign_conversation_refuses_someone_who_cannot_read_it(settled_member, moderator):
    conversation = _conversation(settled_member)
    with pytest.raises(Refused):
        services.assign_conversation(conversation, acting_user=moderator, moderator=UserFactory())
    concern = _conversation(settled_member, topic=Topic.CONCERN)
    with pytest.raises(PermissionDenied):
        services.assign_conversation(concern, acting_user=moderator, moderator=moderator)
    assert not ModerationAction.objects.filter(verb=ModerationVerb.CONVERSATION_ASSIGN).exists()


def test_assign_conversation_twice_to_the_same_moderator_logs_and_tells_once(
    settled_member, moderator, django_capture_on_commit_callbacks
):
    colleague = ModeratorFactory()
    conversation = _conversation(settled_member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assign_conversation(conversation, acting_user=moderator, moderator=colleague)
        assert not services.assign_conversation(conversation, acting_user=moderator, moderator=colleague)
    assert ModerationAction.objects.filter(verb=ModerationVerb.CONVERSATION_ASSIGN).count() == 1
    assert Notification.objects.filter(recipient=colleague, message__contains="given to you").count() == 1


def test_assign_conversation_to_oneself_is_a_claim_with_no_notice(
    settled_member, moderator, django_capture_on_commit_callbacks
):
    conversation = _conversation(settled_member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assign_conversation(conversation, acting_user=moderator, moderator=moderator)
    assert TeamConversation.objects.get(pk=conversation.pk).assigned_to == moderator
    assert not Notification.objects.filter(recipient=moderator, message__contains="given to you").exists()


def test_assign_form_refuses_a_choice_the_page_did_not_offer_and_keeps_the_page(django_app, settled_member, moderator):
    conversation = _conversation(settled_member)
    page = django_app.get(reverse("conversations:team-detail", args=[conversation.pk]), user=moderator)
    form = page.forms["assign"]
    form["moderator"].force_value(str(UserFactory().pk))
    again = form.submit()
    assert again.status_code == 200
    assert "Please choose someone from the list" in html.unescape(again.text)
    assert TeamConversation.objects.get(pk=conversation.pk).assigned_to is None


def test_a_conversation_given_by_name_stays_with_them_after_a_claim_would_have_lapsed(settled_member, moderator):
    colleague, third = ModeratorFactory(), ModeratorFactory()
    given = _conversation(settled_member)
    claimed = _conversation(UserFactory())
    services.assign_conversation(given, acting_user=moderator, moderator=colleague)
    services.claim_conversation(claimed, acting_user=colleague)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    TeamConversation.objects.filter(pk__in=[given.pk, claimed.pk]).update(assigned_at=an_hour_ago)

    assert not services.claim_conversation(given, acting_user=third)  # given by name: it never lapses
    assert TeamConversation.objects.get(pk=given.pk).assigned_to == colleague
    assert services.claim_conversation(claimed, acting_user=third)  # a claim idle for an hour has lapsed
    assert TeamConversation.objects.get(pk=claimed.pk).assigned_to == third

    services.release_conversation(given, acting_user=colleague)
    assert services.claim_conversation(given, acting_user=third)
