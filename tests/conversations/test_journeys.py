"""Team conversations through the pages as rendered (django-webtest): each form is fetched, filled
from what the page offers, and submitted; then what each person reads is read back."""

import html
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from conversations.models import FollowUpPrompt, TeamConversation, TeamMessage, Topic
from conversations.services import check_in
from forums.models import Notification, NotificationKind
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem
from moderation.selectors import guideline_get_current
from moderation.services import file_report, resolve_item
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db


def _text(page) -> str:
    return html.unescape(page.text)


def _form(page, *, step=None, form_id=None):
    if form_id is not None:
        return page.forms[form_id]
    return next(form for form in page.forms.values() if "form" in form.fields and form["form"].value == step)


def _choose_label(form, name, words):
    """Picks, from the radio buttons or options the page offers under `name`, the one whose label has these words."""
    for box in form.html.select(f'input[name="{name}"]'):
        label = form.response.html.find("label", attrs={"for": box["id"]})
        if label is not None and words in label.get_text(" ", strip=True):
            form[name] = box["value"]
            return
    for option in form.html.select(f'select[name="{name}"] option'):
        if words in option.get_text(" ", strip=True):
            form[name] = option["value"]
            return
    raise AssertionError(f"the page offers no “{words}” for {name}")


def _hidden_post(member, moderator):
    post = reply_to(ThreadFactory(title="A hard week"), author=member, body="Some sharp words.")
    report, _created = file_report(acting_user=UserFactory(), post=post, reason="spam")
    section = guideline_get_current().sections.get(number=1)
    resolve_item(report.item, acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section)
    return post


def test_member_messages_the_team_about_a_hidden_post_and_gets_a_reply_with_the_appeal_link(
    django_app, settled_member, moderator, django_capture_on_commit_callbacks
):
    post = _hidden_post(settled_member, moderator)
    thread_page = django_app.get(post.get_absolute_url(), user=settled_member).maybe_follow()
    start = thread_page.click(description="Message the moderators", href="post=")
    form = next(f for f in start.forms.values() if "topic" in f.fields)
    _choose_label(form, "topic", "A decision about my post")
    form["body"] = "Why was my post hidden? I didn't mean it unkindly."
    with django_capture_on_commit_callbacks(execute=True):
        sent = form.submit().follow()
    assert "The moderator team will write back to you here." in _text(sent)
    conversation = TeamConversation.objects.get(member=settled_member)
    decision = ModerationAction.objects.get(verb=ModerationVerb.HIDE_POST, post=post)
    assert conversation.post == post and conversation.decision == decision and conversation.started_by_member
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.TEAM_CONVERSATION).exists()

    # The moderator finds it in the team's list, starts from the removal-feedback saved reply and sends.
    listing = django_app.get(reverse("conversations:team-list") + "?lane=waiting", user=moderator)
    detail = listing.click(href=reverse("conversations:team-detail", args=[conversation.pk]))
    assert "Why was my post hidden?" in _text(detail)
    composer = detail.forms["team-message"]
    _choose_label(composer, "saved_reply", "About your hidden post")
    composer["body"] = "Thank you for asking."
    filled = composer.submit("action", value="use-saved-reply")
    body = filled.forms["team-message"]["body"].value
    assert body.startswith("Thank you for asking.") and "guideline 1" in body and "{guideline}" not in body
    assert TeamMessage.objects.filter(conversation=conversation).count() == 1  # nothing sent yet
    composer = filled.forms["team-message"]
    composer["body"] = body + "\n\nWe're glad you asked."
    with django_capture_on_commit_callbacks(execute=True):
        done = composer.submit("action", value="send").follow()
    assert "Sent as the moderator team." in _text(done)

    # The member reads it from the bell, signed by the team, with the appeal link (decision bound).
    notice = Notification.objects.get(recipient=settled_member, kind=NotificationKind.TEAM_REPLY)
    page = django_app.get(notice.link, user=settled_member)
    text = _text(page)
    assert "The moderator team" in text and "We're glad you asked." in text and moderator.username not in text
    appeal = page.click(description="Ask another moderator to look again")
    assert appeal.request.url.endswith(f"?decision={decision.pk}") or f"decision={decision.pk}" in appeal.request.url


def test_moderator_checks_in_from_the_item_and_the_member_answers_still_struggling(
    django_app, settled_member, moderator, urgent_check_in_item, crisis_line, django_capture_on_commit_callbacks
):
    item_page = django_app.get(reverse("moderation:item-detail", args=[urgent_check_in_item.pk]), user=moderator)
    check_in = item_page.click(description="Check in", href="check-in")
    body = check_in.forms["team-message"]["body"].value
    assert "check in with you" in body and "Samaritans" in body and "{crisis_lines}" not in body
    with django_capture_on_commit_callbacks(execute=True):
        sent = check_in.forms["team-message"].submit("action", value="send").follow()
    assert "Checked in." in _text(sent)
    # The member answers from the conversation page, choosing from the answers it offers.
    conversation = TeamConversation.objects.get(topic=Topic.CHECK_IN)
    page = django_app.get(reverse("conversations:conversation-detail", args=[conversation.pk]), user=settled_member)
    assert "Samaritans" in _text(page)
    answer = page.forms["check-in-answer"]
    _choose_label(answer, "answer-answer", "I'm still struggling")
    answer["answer-body"] = "It's still hard tonight."
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        done = answer.submit().follow()
    assert "asked the moderators on shift to look again" in _text(done)
    assert "check-in-answer" not in done.forms
    item = QueueItem.objects.get(pk=urgent_check_in_item.pk)
    assert item.lane == Lane.URGENT and item.status == ItemStatus.OPEN
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.URGENT_ITEM).exists()


def test_settling_a_check_in_item_on_its_page_asks_first(django_app, moderator, urgent_check_in_item):
    page = django_app.get(reverse("moderation:item-detail", args=[urgent_check_in_item.pk]), user=moderator)
    form = page.forms["resolve"]
    _choose_label(form, "action", "leave it up")
    refused = form.submit()
    assert "nobody has yet" in _text(refused)
    assert QueueItem.objects.get(pk=urgent_check_in_item.pk).status == ItemStatus.OPEN
    form = refused.forms["resolve"]
    form["without_check_in"] = True
    form.submit().follow()
    assert QueueItem.objects.get(pk=urgent_check_in_item.pk).status == ItemStatus.RESOLVED


def test_hiding_with_a_personal_note_goes_to_the_note_page_and_into_the_conversation(
    django_app, settled_member, moderator, django_capture_on_commit_callbacks
):
    post = reply_to(ThreadFactory(), author=settled_member, body="Sharp words.")
    report, _created = file_report(acting_user=UserFactory(), post=post, reason="spam")
    page = django_app.get(reverse("moderation:item-detail", args=[report.item.pk]), user=moderator)
    form = page.forms["resolve"]
    _choose_label(form, "action", "Hide the post")
    _choose_label(form, "guideline", "1.")
    form["write_note"] = True
    note_page = form.submit().follow()
    assert "A personal note about a decision" in _text(note_page)
    composer = note_page.forms["team-message"]
    assert "guideline 1" in composer["body"].value
    with django_capture_on_commit_callbacks(execute=True):
        composer.submit("action", value="send").follow()
    message = TeamMessage.objects.get(conversation__member=settled_member)
    assert message.decision.verb == ModerationVerb.HIDE_POST and message.decision.post == post


def test_warning_with_a_personal_note(django_app, settled_member, moderator):
    page = django_app.get(reverse("moderation:member-moderate", args=[settled_member.username]), user=moderator)
    form = next(f for f in page.forms.values() if "sanction-kind" in f.fields)
    _choose_label(form, "sanction-kind", "Warning")
    _choose_label(form, "sanction-guideline", "1.")
    form["sanction-write_note"] = True
    note_page = form.submit().follow()
    note_page.forms["team-message"].submit("action", value="send").follow()
    message = TeamMessage.objects.get(conversation__member=settled_member)
    assert message.decision.verb == ModerationVerb.WARN


def test_moderator_writes_to_a_member_from_their_record(django_app, settled_member, moderator):
    record = django_app.get(reverse("moderation:member-moderate", args=[settled_member.username]), user=moderator)
    start = record.click(description="privately, as the moderator team")
    composer = start.forms["team-message"]
    assert "Hi, this is the moderator team" in composer["body"].value  # the welcome saved reply
    composer["body"] = "Hello, we wanted to say welcome."
    composer.submit("action", value="send").follow()
    conversation = TeamConversation.objects.get(member=settled_member)
    assert not conversation.started_by_member
    inbox = django_app.get(reverse("conversations:inbox"), user=settled_member)
    page = inbox.click(href=reverse("conversations:conversation-detail", args=[conversation.pk]))
    reply = page.forms["reply"]
    reply["reply-body"] = "Thank you!"
    reply.submit().follow()
    assert TeamMessage.objects.filter(conversation=conversation, written_as="member").count() == 1


def test_an_empty_reply_keeps_the_page_and_says_why(django_app, settled_member):
    page = django_app.get(reverse("conversations:conversation-create"), user=settled_member)
    form = next(f for f in page.forms.values() if "topic" in f.fields)
    _choose_label(form, "topic", "Something else")
    refused = form.submit()
    assert "Your message is empty" in _text(refused)
    assert not TeamConversation.objects.exists()


def test_member_reports_a_team_message_to_the_admins(django_app, settled_member, moderator):
    from conversations import services

    conversation = services.start_conversation_as_team(settled_member, acting_user=moderator, body="Be quiet.")
    page = django_app.get(reverse("conversations:conversation-detail", args=[conversation.pk]), user=settled_member)
    report = page.click(description="Report this message to the admins")
    form = next(f for f in report.forms.values() if "note" in f.fields)
    form["note"] = "This was rude."
    done = form.submit().follow()
    assert "The site's admins will look at it" in _text(done)
    assert TeamConversation.objects.filter(topic=Topic.CONCERN, member=settled_member).exists()


def test_member_menu_offers_message_the_moderators(django_app, settled_member):
    page = django_app.get(reverse("forums:board-list"), user=settled_member)
    inbox = page.click(description="Message the moderators", href=reverse("conversations:inbox"))
    assert "Messages with the moderators" in _text(inbox)


def test_follow_up_prompt_answered_privately_or_let_go(django_app, settled_member, moderator, urgent_check_in_item):
    from conversations import services

    resolve_item(urgent_check_in_item, acting_user=moderator, action=ModerationVerb.DISMISS, without_check_in=True)
    services.sweep_follow_up_prompts(now=timezone.now() + timedelta(days=3, minutes=1))
    prompt = FollowUpPrompt.objects.get(member=settled_member)
    page = django_app.get(reverse("conversations:follow-up", args=[prompt.pk]), user=settled_member)
    form = page.forms["follow-up-answer"]
    _choose_label(form, "how", "A bit better")
    done = form.submit().follow()
    assert "Only the moderator team reads it" in _text(done)
    assert TeamConversation.objects.get(topic=Topic.FOLLOW_UP).messages.get().body.startswith("**A bit better**")
    again = django_app.get(reverse("conversations:follow-up", args=[prompt.pk]), user=settled_member)
    assert "follow-up-answer" not in again.forms and "already told us" in _text(again)
    # Someone else's prompt is a 404.
    django_app.get(reverse("conversations:follow-up", args=[prompt.pk]), user=UserFactory(), status=404)


def test_follow_up_prompt_let_go(django_app, settled_member):
    prompt = FollowUpPrompt.objects.create(member=settled_member, thread=ThreadFactory())
    page = django_app.get(reverse("conversations:follow-up", args=[prompt.pk]), user=settled_member)
    page.forms["follow-up-dismiss"].submit().follow()
    prompt.refresh_from_db()
    assert prompt.dismissed_at is not None and not TeamConversation.objects.exists()


def test_team_list_lanes_and_query_count_stay_the_same(django_app, moderator, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conversations import services

    services.start_conversation_as_member(acting_user=UserFactory(), topic=Topic.GENERAL, body="One.")
    django_app.get(reverse("conversations:team-list"), user=moderator)  # the session and caches, once
    with CaptureQueriesContext(connection) as one:
        django_app.get(reverse("conversations:team-list"), user=moderator)
    for number in range(6):
        services.start_conversation_as_member(acting_user=UserFactory(), topic=Topic.GENERAL, body=f"Many {number}.")
    with CaptureQueriesContext(connection) as many:
        page = django_app.get(reverse("conversations:team-list"), user=moderator)
    assert len(one) == len(many)
    assert page.text.count("conversations/") >= 7
    ModeratorFactory()  # another moderator changes nothing on the page


def test_member_pages_take_the_same_queries_with_one_message_or_many(django_app, settled_member, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conversations import services

    conversation = services.start_conversation_as_member(acting_user=settled_member, topic=Topic.GENERAL, body="One.")
    detail = reverse("conversations:conversation-detail", args=[conversation.pk])
    inbox = reverse("conversations:inbox")
    django_app.get(detail, user=settled_member)  # the session and caches, once
    with CaptureQueriesContext(connection) as one:
        django_app.get(detail, user=settled_member)
        django_app.get(inbox, user=settled_member)
    for number in range(4):
        services.write_as_team(conversation, acting_user=ModeratorFactory(), body=f"Answer {number}.")
        services.start_conversation_as_member(acting_user=settled_member, topic=Topic.GENERAL, body=f"More {number}.")
    django_app.get(detail, user=settled_member)  # reads the new notifications once
    with CaptureQueriesContext(connection) as many:
        page = django_app.get(detail, user=settled_member)
        django_app.get(inbox, user=settled_member)
    assert page.text.count("team-message--team") == 4
    assert len(one) == len(many)


def test_a_lapsed_claim_can_be_taken(settled_member, moderator):
    from conversations import services
    from moderation.models import CLAIM_EXPIRES_AFTER

    conversation = services.start_conversation_as_member(acting_user=settled_member, topic=Topic.GENERAL, body="Hi.")
    assert services.claim_conversation(conversation, acting_user=moderator)
    other = ModeratorFactory()
    assert not services.claim_conversation(conversation, acting_user=other)
    TeamConversation.objects.filter(pk=conversation.pk).update(
        assigned_at=timezone.now() - CLAIM_EXPIRES_AFTER - timedelta(minutes=1)
    )
    assert services.claim_conversation(conversation, acting_user=other)


def test_still_struggling_out_of_hours_says_when_a_person_will_look(
    django_app, settings, settled_member, moderator, urgent_check_in_item, crisis_line
):
    check_in(urgent_check_in_item, acting_user=moderator, body="Checking in with you. How are you doing now?")
    conversation = TeamConversation.objects.get(topic=Topic.CHECK_IN)
    now = timezone.localtime(timezone.now(), ZoneInfo(settings.MODERATION_TIME_ZONE))
    later = (now + timedelta(hours=2)).strftime("%H:00")
    settings.MODERATION_STAFFED_HOURS = f"{later}-{(now + timedelta(hours=3)).strftime('%H:00')}"

    page = django_app.get(reverse("conversations:conversation-detail", args=[conversation.pk]), user=settled_member)
    answer = page.forms["check-in-answer"]
    _choose_label(answer, "answer-answer", "I'm still struggling")
    done = answer.submit().follow()

    text = _text(done)
    assert "on shift" not in text
    assert "your conversation is at the top of their list" in text and f"Moderators are back at {later}" in text
    item = QueueItem.objects.get(pk=urgent_check_in_item.pk)
    assert item.lane == Lane.URGENT and item.status == ItemStatus.OPEN
