"""Team conversations, check-ins and follow-ups, through their services: who reads what, who is
told, what is logged, limits, export and erasure."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conversations import services
from conversations.models import Author, CheckInState, FollowUpPrompt, TeamConversation, TeamMessage, Topic
from conversations.selectors import check_in_counts, open_conversation_count
from forums.models import EmailDelivery, Notification, NotificationKind
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem
from moderation.services import resolve_item
from safespace.refusals import Refused
from tests.conversations.conftest import OUT_OF_HOURS
from tests.factories import AdminFactory, BoardFactory, ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db


def _member_conversation(member, body="Hello, I have a question about my post.", **kwargs):
    return services.start_conversation_as_member(acting_user=member, topic=Topic.GENERAL, body=body, **kwargs)


# --- Who reads a conversation -------------------------------------------------------------------------


def test_conversation_is_read_only_by_its_member_and_moderators(client, settled_member, moderator):
    from tests.conftest import _client_for

    conversation = _member_conversation(settled_member)
    member_page = reverse("conversations:conversation-detail", args=[conversation.pk])
    team_page = reverse("conversations:team-detail", args=[conversation.pk])
    assert _client_for(settled_member).get(member_page).status_code == 200
    assert _client_for(moderator).get(team_page).status_code == 200
    # Another member: the same 404 as for a conversation that does not exist, on both pages.
    other = UserFactory()
    assert _client_for(other).get(member_page).status_code == 404
    assert _client_for(other).get(team_page).status_code == 403
    assert _client_for(other).get(reverse("conversations:conversation-detail", args=[99999])).status_code == 404
    # A moderator without two-factor is a member everywhere; a board moderator works on posts only.
    assert "2fa" in _client_for(ModeratorFactory(two_factor=False)).get(team_page).url
    board_moderator = UserFactory()
    from moderation.models import BoardModerator
    from tests.conftest import _enable_totp

    BoardModerator.objects.create(board=BoardFactory(), member=_enable_totp(board_moderator))
    assert _client_for(board_moderator).get(team_page).status_code == 403
    # Visitors log in first.
    assert client.get(member_page).status_code == 302
    assert client.get(team_page).status_code == 302


def test_members_cannot_write_into_someone_elses_conversation(settled_member):
    conversation = _member_conversation(settled_member)
    with pytest.raises(Exception) as refused:
        services.write_as_member(conversation, acting_user=UserFactory(), body="Let me in.")
    assert refused.type.__name__ == "PermissionDenied"
    assert conversation.messages.count() == 1


def test_concern_about_a_moderator_reaches_admins_only(settled_member, moderator, django_capture_on_commit_callbacks):
    from tests.conftest import _client_for

    admin = AdminFactory()
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.start_conversation_as_member(
            acting_user=settled_member, topic=Topic.CONCERN, body="A moderator was unkind to me."
        )
    assert Notification.objects.filter(recipient=admin, kind=NotificationKind.TEAM_CONVERSATION).count() == 1
    assert not Notification.objects.filter(recipient=moderator).exists()
    team_page = reverse("conversations:team-detail", args=[concern.pk])
    assert _client_for(moderator).get(team_page).status_code == 404
    listing = _client_for(moderator).get(reverse("conversations:team-list")).content.decode()
    assert "unkind" not in listing and team_page not in listing
    assert _client_for(moderator).get(reverse("conversations:team-list") + "?lane=concerns").status_code == 404
    admin_list = _client_for(admin).get(reverse("conversations:team-list") + "?lane=concerns").content.decode()
    assert team_page in admin_list
    assert "A moderator was unkind to me." in _client_for(admin).get(team_page).content.decode()
    with pytest.raises(Exception):  # noqa: B017
        services.write_as_team(concern, acting_user=moderator, body="Let me see.")


def test_reporting_a_team_message_goes_to_admins_with_who_wrote_it(settled_member, moderator):
    admin = AdminFactory()
    conversation = _member_conversation(settled_member)
    message = services.write_as_team(conversation, acting_user=moderator, body="Stop complaining.")
    concern = services.report_team_message(message, acting_user=settled_member, note="This felt harsh.")
    assert concern.topic == Topic.CONCERN and concern.reported_message == message
    with pytest.raises(Refused):
        services.report_team_message(message, acting_user=settled_member, note="Again.")
    from tests.conftest import _client_for

    page = _client_for(admin).get(reverse("conversations:team-detail", args=[concern.pk])).content.decode()
    assert moderator.username in page and "Stop complaining." in page
    assert _client_for(moderator).get(reverse("conversations:team-detail", args=[concern.pk])).status_code == 404


# --- Writing as the team ----------------------------------------------------------------------------------


def test_team_message_is_signed_by_the_team_for_the_member_and_logged(
    settled_member, moderator, django_capture_on_commit_callbacks
):
    from tests.conftest import _client_for

    conversation = _member_conversation(settled_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.write_as_team(conversation, acting_user=moderator, body="Thank you for writing. *We're here.*")
    member_page = _client_for(settled_member).get(reverse("conversations:conversation-detail", args=[conversation.pk]))
    text = member_page.content.decode()
    assert "The moderator team" in text and "<em>We&#x27;re here.</em>" in text or "<em>We're here.</em>" in text
    assert moderator.username not in text
    other_moderator_page = _client_for(ModeratorFactory()).get(
        reverse("conversations:team-detail", args=[conversation.pk])
    )
    assert moderator.username in other_moderator_page.content.decode()
    log = ModerationAction.objects.get(verb=ModerationVerb.TEAM_MESSAGE)
    assert log.actor == moderator and log.member == settled_member and log.new_value["conversation"] == conversation.pk
    notice = Notification.objects.get(recipient=settled_member)
    assert notice.kind == NotificationKind.TEAM_REPLY and "Thank you for writing" in notice.message


def test_message_bodies_go_through_the_sanitiser(settled_member, moderator):
    conversation = _member_conversation(settled_member, body="<script>alert(1)</script><img src=x onerror=alert(2)> hi")
    message = conversation.messages.get()
    assert "<script" not in message.body_html and "<img" not in message.body_html
    team = services.write_as_team(conversation, acting_user=moderator, body="[link](javascript:alert(1))")
    assert 'href="javascript' not in team.body_html


def test_empty_and_over_long_messages_are_refused_kindly(settled_member):
    with pytest.raises(Refused, match="empty"):
        _member_conversation(settled_member, body="\u200b ")
    with pytest.raises(Refused, match="long"):
        _member_conversation(settled_member, body="x" * 20_001)
    assert not TeamConversation.objects.exists()


def test_members_message_rate_is_limited_but_crisis_words_always_go_through(settled_member):
    from moderation.models import WatchedAction, WatchedWord

    WatchedWord.objects.create(phrase="want to die", action=WatchedAction.CRISIS)
    conversation = _member_conversation(settled_member)
    for number in range(9):
        services.write_as_member(conversation, acting_user=settled_member, body=f"More, part {number}.")
    with pytest.raises(Refused, match="please wait a little"):
        services.write_as_member(conversation, acting_user=settled_member, body="One more thing.")
    services.write_as_member(conversation, acting_user=settled_member, body="Some nights I want to die.")
    conversation.refresh_from_db()
    assert conversation.is_urgent
    assert conversation.messages.count() == 11


def test_members_start_a_few_conversations_a_day(settled_member):
    for number in range(services.NEW_CONVERSATIONS_PER_DAY):
        TeamConversation.objects.create(member=settled_member, started_by_member=True, topic=Topic.GENERAL)
        assert number >= 0
    with pytest.raises(Refused, match="add to one of them"):
        _member_conversation(settled_member)


def test_crisis_words_in_a_message_raise_an_urgent_alert(settled_member, moderator, django_capture_on_commit_callbacks):
    from moderation.models import WatchedAction, WatchedWord

    WatchedWord.objects.create(phrase="want to die", action=WatchedAction.CRISIS)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = _member_conversation(settled_member, body="I want to die.")
    assert conversation.is_urgent
    alert = Notification.objects.get(recipient=moderator)
    assert alert.kind == NotificationKind.URGENT_ITEM and alert.message.startswith("Urgent:")
    assert "want to die" not in alert.message


# --- Emails and breaks ------------------------------------------------------------------------------------


def test_no_words_of_a_sensitive_conversation_in_the_email(
    settled_member, moderator, urgent_check_in_item, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.check_in(urgent_check_in_item, acting_user=moderator, body="We are thinking of you, Willow-secret.")
    [email] = [m for m in mail.outbox if settled_member.email in m.to]
    assert "Willow-secret" not in email.body
    assert "The moderator team wrote to you" in email.body


def test_an_ordinary_reply_carries_a_short_excerpt_in_the_email(
    settled_member, moderator, django_capture_on_commit_callbacks
):
    conversation = _member_conversation(settled_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.write_as_team(conversation, acting_user=moderator, body="Your post is back up now.")
    [email] = [m for m in mail.outbox if settled_member.email in m.to]
    assert "Your post is back up now." in email.body


def test_a_break_is_respected_except_for_replies_to_a_conversation_the_member_started(
    settled_member, moderator, django_capture_on_commit_callbacks
):
    from forums.notifications.choices import pause_notifications

    started_by_member = _member_conversation(settled_member)
    pause_notifications(member=settled_member, length="week")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.write_as_team(started_by_member, acting_user=moderator, body="Here is our answer.")
        services.start_conversation_as_team(settled_member, acting_user=moderator, body="Hello from us.")
    assert [m.subject for m in mail.outbox if settled_member.email in m.to] == [
        "[Safe Space] The moderator team wrote to you: “Here is our answer.”"
    ]
    assert EmailDelivery.objects.filter(recipient=settled_member).count() == 1


# --- Check-ins --------------------------------------------------------------------------------------------


def test_check_in_opens_a_conversation_logged_on_the_item(settled_member, moderator, urgent_check_in_item):
    conversation = services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you doing?")
    assert conversation.topic == Topic.CHECK_IN and conversation.member == settled_member
    assert conversation.item == urgent_check_in_item
    conversation.refresh_from_db()
    assert conversation.check_in_state == CheckInState.WAITING
    assert conversation.messages.get().asks_how_they_are
    log = ModerationAction.objects.get(verb=ModerationVerb.CHECK_IN)
    assert log.item == urgent_check_in_item and log.actor == moderator and log.member == settled_member
    # A second moderator's check-in goes into the same conversation.
    again = services.check_in(urgent_check_in_item, acting_user=ModeratorFactory(), body="Checking in too.")
    assert again.pk == conversation.pk


def test_still_struggling_reopens_the_item_as_urgent_and_alerts_moderators(
    settled_member, moderator, urgent_check_in_item, django_capture_on_commit_callbacks
):
    conversation = services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you?")
    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS)
    assert QueueItem.objects.get(pk=urgent_check_in_item.pk).status == ItemStatus.RESOLVED
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.answer_check_in(
            conversation, acting_user=settled_member, answer="struggling", body="Still hard tonight."
        )
        assert not services.answer_check_in(conversation, acting_user=settled_member, answer="okay")
    item = QueueItem.objects.get(pk=urgent_check_in_item.pk)
    assert item.status == ItemStatus.OPEN and item.lane == Lane.URGENT
    assert services.STILL_STRUGGLING_REASON in item.automatic_reasons
    alert = Notification.objects.get(recipient=moderator, kind=NotificationKind.URGENT_ITEM)
    assert alert.link == reverse("moderation:item-detail", args=[item.pk])
    answered = ModerationAction.objects.get(verb=ModerationVerb.CHECK_IN_ANSWERED)
    assert answered.new_value["answer"] == "struggling" and answered.item_id == item.pk
    assert conversation.messages.filter(check_in_answer="struggling").count() == 1


def test_okay_now_is_logged_and_leaves_the_queue_alone(settled_member, moderator, urgent_check_in_item):
    conversation = services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you?")
    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS)
    services.answer_check_in(conversation, acting_user=settled_member, answer="okay")
    assert QueueItem.objects.get(pk=urgent_check_in_item.pk).status == ItemStatus.RESOLVED
    assert ModerationAction.objects.get(verb=ModerationVerb.CHECK_IN_ANSWERED).new_value == {
        "conversation": conversation.pk,
        "answer": "okay",
    }


def test_out_of_hours_the_member_gets_the_automatic_message_at_once(
    settled_member, crisis_line, django_capture_on_commit_callbacks
):
    from moderation.intake import queue_post_from_pipeline

    post = reply_to(ThreadFactory(), author=settled_member, body="I can't go on.")
    with override_settings(MODERATION_STAFFED_HOURS=OUT_OF_HOURS), django_capture_on_commit_callbacks(execute=True):
        item = queue_post_from_pipeline(post, crisis_signal=True, check_in_requested=True, flags=[], held=False)
        queue_post_from_pipeline(post, crisis_signal=True, check_in_requested=True, flags=[], held=False)
    [message] = TeamMessage.objects.filter(conversation__member=settled_member)
    assert message.written_as == Author.AUTOMATIC and message.author is None
    assert "This is an automatic message" in message.body and "Samaritans" in message.body
    assert "00:00" in message.body  # when the moderators are back
    assert ModerationAction.objects.filter(verb=ModerationVerb.CHECK_IN_AUTOMATIC, item=item).count() == 1
    notice = Notification.objects.get(recipient=settled_member)
    assert "automatic message" in notice.message and "can't go on" not in notice.message
    # The item stays urgent until a person has checked in.
    with pytest.raises(Refused, match="check in first"):
        resolve_item(item, acting_user=ModeratorFactory(), action=ModerationVerb.DISMISS)
    assert QueueItem.objects.get(pk=item.pk).status == ItemStatus.OPEN


def test_no_automatic_message_while_moderators_are_on(settled_member, urgent_check_in_item):
    assert not TeamMessage.objects.exists()


def test_settling_without_a_check_in_asks_first_then_is_logged(moderator, urgent_check_in_item):
    with pytest.raises(Refused):
        resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS)
    assert resolve_item(
        urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS, without_check_in=True
    )


def test_after_a_check_in_the_item_settles_as_usual(moderator, urgent_check_in_item):
    services.check_in(urgent_check_in_item, acting_user=moderator, body="Thinking of you.")
    assert resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS)


def test_settling_together_refuses_a_check_in_still_to_make(moderator, urgent_check_in_item):
    from moderation.services import resolve_items

    with pytest.raises(Refused, match="check in"):
        resolve_items([urgent_check_in_item], acting_user=moderator, action=ModerationVerb.DISMISS)


def test_unanswered_check_ins_are_logged_once(settled_member, moderator, urgent_check_in_item):
    conversation = services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you?")
    later = timezone.now() + timedelta(hours=49)
    assert services.sweep_unanswered_check_ins(now=timezone.now()) == 0
    assert services.sweep_unanswered_check_ins(now=later) == 1
    assert services.sweep_unanswered_check_ins(now=later) == 0
    conversation.refresh_from_db()
    assert conversation.check_in_state == CheckInState.UNANSWERED and conversation.waiting_for_team
    assert (
        ModerationAction.objects.filter(verb=ModerationVerb.CHECK_IN_UNANSWERED, item=urgent_check_in_item).count() == 1
    )
    # A late answer still counts.
    assert services.answer_check_in(conversation, acting_user=settled_member, answer="okay")


def test_check_in_on_an_anonymous_post_never_names_its_author_to_the_team(
    moderator, django_capture_on_commit_callbacks
):
    from moderation.intake import queue_post_from_pipeline
    from tests.conftest import _client_for

    author = UserFactory(username="hidden_heron")
    post = reply_to(ThreadFactory(), author=author, body="I can't go on.", is_anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        item = queue_post_from_pipeline(post, crisis_signal=True, check_in_requested=True, flags=[], held=False)
    conversation = services.check_in(item, acting_user=moderator, body="Checking in.")
    assert conversation.is_anonymous and conversation.member == author
    page = _client_for(ModeratorFactory()).get(reverse("conversations:team-detail", args=[conversation.pk]))
    assert "hidden_heron" not in page.content.decode()
    listing = _client_for(moderator).get(reverse("conversations:team-list")).content.decode()
    assert "hidden_heron" not in listing and "Anonymous member" in listing
    assert ModerationAction.objects.get(verb=ModerationVerb.CHECK_IN).member is None


def test_check_ins_are_counted_in_the_nightly_summary(settled_member, moderator, urgent_check_in_item):
    from moderation.digest import moderation_summary, summary_text

    conversation = services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you?")
    services.answer_check_in(conversation, acting_user=settled_member, answer="struggling")
    summary = moderation_summary()
    assert summary["check_ins"] == {"check_ins": 1, "automatic": 0, "okay": 0, "struggling": 1, "unanswered": 0}
    assert summary["open_conversations"] == 1
    text = summary_text(summary)
    assert "1 check-in in the last 24 hours" in text and "1 still struggling" in text
    assert "1 conversation with members open" in text


def test_counts_take_the_same_queries_whatever_the_volume(settled_member, moderator, urgent_check_in_item):
    now = timezone.now()
    with CaptureQueriesContext(connection) as few:
        open_conversation_count()
        check_in_counts(since=now - timedelta(days=1), until=now + timedelta(minutes=1))
    for _number in range(5):
        _member_conversation(UserFactory())
    services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you?")
    with CaptureQueriesContext(connection) as many:
        assert open_conversation_count() == 6
        counts = check_in_counts(since=now - timedelta(days=1), until=timezone.now() + timedelta(minutes=1))
    assert counts["check_ins"] == 1
    assert len(few) == len(many) == 2


# --- Removal feedback -------------------------------------------------------------------------------------


def test_decision_note_carries_the_appeal_link_bound_to_the_decision(settled_member, moderator):
    from moderation.selectors import decision_needing_note, guideline_get_current
    from moderation.services import file_report

    post = reply_to(ThreadFactory(), author=settled_member, body="Harsh words.")
    report, _created = file_report(acting_user=UserFactory(), post=post, reason="spam")
    section = guideline_get_current().sections.get(number=1)
    resolve_item(report.item, acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section)
    decision = decision_needing_note(item=report.item, actor=moderator)
    assert decision.verb == ModerationVerb.HIDE_POST
    conversation = services.send_decision_note(decision, acting_user=moderator, body="A personal word about it.")
    message = conversation.messages.get()
    assert message.decision == decision and conversation.member == settled_member
    with pytest.raises(Refused):
        services.send_decision_note(
            ModerationAction.objects.create(actor=moderator, verb=ModerationVerb.CLAIM, member=settled_member),
            acting_user=moderator,
            body="Not a decision.",
        )


# --- "How are you doing now?" -------------------------------------------------------------------------------


def test_one_follow_up_prompt_after_a_check_in_never_repeated(
    settled_member, moderator, urgent_check_in_item, django_capture_on_commit_callbacks
):
    services.check_in(urgent_check_in_item, acting_user=moderator, body="How are you?")
    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS)
    assert services.sweep_follow_up_prompts() == 0  # not yet: a few days first
    later = timezone.now() + timedelta(days=3, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_follow_up_prompts(now=later) == 1
        assert services.sweep_follow_up_prompts(now=later) == 0
    prompt = FollowUpPrompt.objects.get(member=settled_member)
    notice = Notification.objects.get(
        recipient=settled_member, link=reverse("conversations:follow-up", args=[prompt.pk])
    )
    assert notice.message.startswith("How are you doing now?")
    assert services.dismiss_follow_up(prompt, acting_user=settled_member)
    assert services.sweep_follow_up_prompts(now=later + timedelta(days=1)) == 0
    assert FollowUpPrompt.objects.count() == 1
    with pytest.raises(Refused):
        services.answer_follow_up(prompt, acting_user=settled_member, how="Better")


def test_follow_up_answer_goes_privately_to_the_team(settled_member, moderator, urgent_check_in_item):
    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS, without_check_in=True)
    services.sweep_follow_up_prompts(now=timezone.now() + timedelta(days=3, minutes=1))
    prompt = FollowUpPrompt.objects.get()
    conversation = services.answer_follow_up(prompt, acting_user=settled_member, how="A bit better", body="Thanks.")
    assert conversation.topic == Topic.FOLLOW_UP and conversation.member == settled_member
    assert "A bit better" in conversation.messages.get().body
    assert services.sweep_follow_up_prompts(now=timezone.now() + timedelta(days=4)) == 0


@override_settings(CONVERSATIONS_FOLLOW_UP_DAYS=7)
def test_follow_up_days_are_a_setting(settled_member, moderator, urgent_check_in_item):
    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS, without_check_in=True)
    assert services.sweep_follow_up_prompts(now=timezone.now() + timedelta(days=4)) == 0
    assert services.sweep_follow_up_prompts(now=timezone.now() + timedelta(days=7, minutes=1)) == 1


def test_a_member_on_a_break_is_not_prompted(settled_member, moderator, urgent_check_in_item):
    from forums.notifications.choices import pause_notifications

    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS, without_check_in=True)
    pause_notifications(member=settled_member, length="return")
    assert services.sweep_follow_up_prompts(now=timezone.now() + timedelta(days=3, minutes=1)) == 0


# --- Export and erasure -----------------------------------------------------------------------------------


def test_export_holds_the_conversations_as_the_member_reads_them(settled_member, moderator):
    from accounts.selectors import member_data_for_export

    conversation = _member_conversation(settled_member, body="My question.")
    services.write_as_team(conversation, acting_user=moderator, body="Our answer.")
    data = member_data_for_export(settled_member)
    [exported] = data["messages_with_the_moderators"]
    assert [(m["from"], m["text"]) for m in exported["messages"]] == [
        ("you", "My question."),
        ("the moderator team", "Our answer."),
    ]
    assert moderator.username not in str(data)
    assert data["how_are_you_prompts"] == []


@pytest.mark.parametrize("keep_posts", [True, False])
def test_account_deletion_erases_the_conversations(settled_member, moderator, keep_posts):
    from accounts.services import delete_account

    conversation = _member_conversation(settled_member, body="Private words.")
    services.write_as_team(conversation, acting_user=moderator, body="Our private answer.")
    delete_account(settled_member, acting_user=settled_member, keep_posts=keep_posts)
    assert not TeamConversation.objects.exists() and not TeamMessage.objects.exists()
    assert ModerationAction.objects.filter(verb=ModerationVerb.TEAM_MESSAGE).exists()  # the log stays, wordless
    assert not ModerationAction.objects.filter(reason__icontains="private").exists()


def test_a_closed_account_gets_no_more_messages(settled_member, moderator):
    from accounts.services import delete_account

    delete_account(settled_member, acting_user=settled_member, keep_posts=True)
    settled_member.refresh_from_db()
    with pytest.raises(Refused, match="closed"):
        services.start_conversation_as_team(settled_member, acting_user=moderator, body="Hello?")


def test_closing_is_logged_and_a_member_reply_opens_it_again(settled_member, moderator):
    conversation = _member_conversation(settled_member)
    assert services.claim_conversation(conversation, acting_user=moderator)
    assert not services.claim_conversation(conversation, acting_user=ModeratorFactory())
    assert services.close_conversation(conversation, acting_user=moderator)
    assert not services.close_conversation(conversation, acting_user=moderator)
    assert ModerationAction.objects.filter(verb=ModerationVerb.CONVERSATION_CLOSE).count() == 1
    services.write_as_member(conversation, acting_user=settled_member, body="One more question.")
    conversation.refresh_from_db()
    assert conversation.status == "open" and conversation.waiting_for_team
