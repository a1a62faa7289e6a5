"""Notification rules: who is told, once, in the app and by email (tasks run in-process here)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums.models import (
    EmailCadence,
    EmailDelivery,
    EmailDeliveryStatus,
    MemberMute,
    Notification,
    NotificationEvent,
    NotificationKind,
    Post,
    ReactionKind,
)
from forums.notifications.choices import (
    mark_all_notifications_read,
    pause_notifications,
    resume_notifications,
    set_email_cadences,
)
from forums.notifications.email import queue_daily_digests, send_email_delivery
from forums.notifications.outbox import (
    alert_moderators,
    fan_out_event,
    mentioned_usernames,
    notify_member,
    record_post_published,
    sweep_outbox,
)
from forums.notifications.selectors import notification_headline, unread_notification_count
from forums.services.follows import follow_board
from forums.services.posts import create_reply
from forums.services.reactions import toggle_reaction
from tests.factories import BoardFactory, ModeratorFactory, ThreadFactory, UserFactory, create_thread


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Commits are simulated: what the services enqueue on commit runs (in-process) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _mail_to(member):
    return [email for email in mail.outbox if email.to == [member.email]]


def _reply(thread, author, body="I hear you. You are not alone.", **kwargs):
    return create_reply(thread, acting_user=author, body=body, **kwargs)


@pytest.mark.django_db
def test_reply_notifies_the_thread_author_in_the_app_and_by_email(run_tasks, thread, member):
    replier = UserFactory(username="kindstranger")
    with run_tasks():
        reply = _reply(thread, replier)
    [notification] = Notification.objects.filter(recipient=member)
    assert notification.kind == NotificationKind.REPLY and notification.post == reply
    assert notification_headline(notification) == "kindstranger replied in “A hard week”"
    assert Notification.objects.filter(recipient=replier).count() == 0  # not told about their own reply
    [email] = mail.outbox
    assert email.to == [member.email]
    assert "kindstranger replied in “A hard week”" in email.body
    assert "You are not alone" in email.body  # a short excerpt from a non-sensitive board
    html = email.alternatives[0][0]
    assert "kindstranger replied" in html and reverse("forums:notification-open", args=[notification.pk]) in html


@pytest.mark.django_db
def test_reply_email_from_a_sensitive_board_holds_only_a_link(run_tasks, member):
    thread = ThreadFactory(board=BoardFactory(is_sensitive=True), author=member, title="The night it got bad")
    with run_tasks():
        _reply(thread, UserFactory(), body="Here is what happened to me that night.")
    [email] = mail.outbox
    assert "what happened to me" not in email.body and "what happened to me" not in email.alternatives[0][0]
    assert "The night it got bad" not in email.body and "The night it got bad" not in email.subject
    assert "replied in a thread you follow" in email.body


@pytest.mark.django_db
def test_anonymous_reply_never_names_its_author(run_tasks, thread, member):
    replier = UserFactory(username="secretname")
    with run_tasks():
        _reply(thread, replier, is_anonymous=True)
    [notification] = Notification.objects.filter(recipient=member)
    assert notification.actor is None
    assert notification_headline(notification).startswith("A member replied")
    [email] = mail.outbox
    assert "secretname" not in email.body and "secretname" not in email.alternatives[0][0]
    assert "secretname" not in email.subject


@pytest.mark.django_db
def test_mention_notifies_the_member_once_and_not_inside_code(run_tasks, thread, member):
    friend, quoted = UserFactory(username="Robin_B"), UserFactory(username="codeperson")
    with run_tasks():
        _reply(thread, UserFactory(), body="@robin_b you said this helped. `@codeperson` is only code. mail me@x.org")
    [mention] = Notification.objects.filter(recipient=friend)
    assert mention.kind == NotificationKind.MENTION
    assert not Notification.objects.filter(recipient=quoted).exists()
    assert Notification.objects.get(recipient=member).kind == NotificationKind.REPLY


@pytest.mark.django_db
def test_a_follower_who_is_mentioned_gets_one_notification(run_tasks, thread, member):
    with run_tasks():
        _reply(thread, UserFactory(), body=f"Thinking of you @{member.username}.")
    assert list(Notification.objects.filter(recipient=member).values_list("kind", flat=True)) == ["mention"]
    assert len(mail.outbox) == 1


def test_mentioned_usernames_reads_pseudonyms_not_email_addresses():
    html = "<p>@Ana and @ben. write to a@b.org</p><pre><code>@skip</code></pre><p>@ana again</p>"
    assert mentioned_usernames(html) == ["ana", "ben"]


@pytest.mark.django_db
def test_members_who_muted_the_actor_hear_nothing_from_them(run_tasks, thread, member):
    replier = UserFactory()
    MemberMute.objects.create(member=member, muted=replier)
    friend = UserFactory()
    MemberMute.objects.create(member=friend, muted=replier)
    with run_tasks():
        _reply(thread, replier, body=f"@{friend.username} look")
        toggle_reaction(thread.posts.get(position=1), acting_user=UserFactory(), kind=ReactionKind.SUPPORT)
    assert not Notification.objects.filter(recipient=friend).exists()
    assert [n.kind for n in Notification.objects.filter(recipient=member)] == ["reaction"]  # from someone else


@pytest.mark.django_db
def test_reactions_gather_into_one_notification_and_wait_for_the_digest(run_tasks, thread, member):
    opening = thread.posts.get(position=1)
    with run_tasks():
        for _ in range(3):
            toggle_reaction(opening, acting_user=UserFactory(), kind=ReactionKind.SUPPORT)
    [notification] = Notification.objects.filter(recipient=member)
    assert notification.actor_count == 3
    assert notification_headline(notification) == "3 members sent support for your post in “A hard week”"
    assert unread_notification_count(member) == 1
    assert mail.outbox == []  # reactions come in the daily digest by default
    with run_tasks():
        queue_daily_digests()
    [digest] = mail.outbox
    assert "3 members sent support" in digest.body and digest.to == [member.email]


@pytest.mark.django_db
def test_a_read_reaction_batch_starts_a_new_one(run_tasks, thread, member):
    opening = thread.posts.get(position=1)
    with run_tasks():
        toggle_reaction(opening, acting_user=UserFactory(), kind=ReactionKind.ME_TOO)
    mark_all_notifications_read(member=member)
    with run_tasks():
        toggle_reaction(opening, acting_user=UserFactory(), kind=ReactionKind.HELPED)
    assert Notification.objects.filter(recipient=member).count() == 2
    assert unread_notification_count(member) == 1


@pytest.mark.django_db
def test_held_and_hidden_posts_notify_nobody(run_tasks, thread, member):
    held = Post.objects.create(thread=thread, author=UserFactory(), position=2, body="x", body_html="x",
                               is_pending_approval=True)  # fmt: skip
    assert record_post_published(held) is None
    with run_tasks():
        reply = _reply(thread, UserFactory())
        Post.objects.filter(pk=reply.pk).update(is_hidden=True)  # hidden before the fan-out ran
    assert not Notification.objects.filter(recipient=member).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_post_hidden_after_the_notification_is_not_emailed(thread, member, django_capture_on_commit_callbacks):
    reply = _reply(thread, UserFactory())  # callbacks not run: the email is still queued
    event = NotificationEvent.objects.get(post=reply)
    fan_out_event(event.pk)
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)
    delivery = EmailDelivery.objects.get(recipient=member)
    assert send_email_delivery(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.status == EmailDeliveryStatus.SKIPPED and delivery.skip_reason == "post no longer public"
    assert mail.outbox == []


@pytest.mark.django_db
def test_email_choices_off_and_daily_send_nothing_right_away(run_tasks, thread, member):
    set_email_cadences(member=member, cadences={NotificationKind.REPLY: EmailCadence.OFF})
    with run_tasks():
        _reply(thread, UserFactory())
    assert Notification.objects.filter(recipient=member).exists() and mail.outbox == []
    set_email_cadences(member=member, cadences={NotificationKind.REPLY: EmailCadence.DAILY})
    with run_tasks():
        _reply(thread, UserFactory(), body="Another kind word for you.")
        queue_daily_digests()
    [digest] = _mail_to(member)
    assert "replied in “A hard week”" in digest.body and "summary" in digest.subject
    with run_tasks():
        queue_daily_digests()  # at most one digest a day
    assert len(_mail_to(member)) == 1


@pytest.mark.django_db
def test_digest_is_not_sent_when_there_is_nothing_new(run_tasks, member):
    with run_tasks():
        assert queue_daily_digests() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_board_digest_lists_new_threads_only_when_switched_on(run_tasks, member, board):
    follow_board(board, member=member)
    with run_tasks():
        create_thread(acting_user=UserFactory(), board=board, title="First night shift", body="Hello all.")
        queue_daily_digests()
    assert mail.outbox == []
    set_email_cadences(member=member, cadences={NotificationKind.BOARD_DIGEST: EmailCadence.DAILY})
    with run_tasks():
        queue_daily_digests(now=timezone.now() + timedelta(days=1))  # the next morning
    [digest] = mail.outbox
    assert "First night shift" in digest.body


@pytest.mark.django_db
def test_taking_a_break_stops_emails_and_quiets_the_bell(run_tasks, thread, member, member_client):
    pause_notifications(member=member, length="week")
    with run_tasks():
        _reply(thread, UserFactory())
        queue_daily_digests()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=member).count() == 1  # kept for when they return
    html = member_client.get(reverse("forums:board-list")).content.decode()
    assert "You're taking a break" in html and "notification-bell__count" not in html
    resume_notifications(member=member)
    html = member_client.get(reverse("forums:board-list")).content.decode()
    assert "You're taking a break" not in html
    assert '<span class="notification-bell__count">1<span class="visually-hidden"> unread</span>' in html


@pytest.mark.django_db
def test_break_ends_by_itself(member):
    pause_notifications(member=member, length="day")
    assert member.notifications_paused
    member.notifications_paused_until = timezone.now() - timedelta(seconds=1)
    assert not member.notifications_paused


@pytest.mark.django_db
def test_fan_out_and_email_delivery_happen_once_however_often_they_run(thread, member):
    reply = _reply(thread, UserFactory())  # the on-commit tasks are not run: we run them by hand
    event = NotificationEvent.objects.get(post=reply)
    assert fan_out_event(event.pk) == 1
    assert fan_out_event(event.pk) == 0  # a duplicated task
    delivery = EmailDelivery.objects.get(recipient=member)
    assert send_email_delivery(delivery.pk) is True
    assert send_email_delivery(delivery.pk) is False  # the same outbox row delivered twice
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=member).count() == 1


@pytest.mark.django_db
def test_tasks_run_twice_with_the_same_id_deliver_once(thread, member):
    from forums.notifications.tasks import fan_out_notification_event, send_notification_email

    reply = _reply(thread, UserFactory())
    event = NotificationEvent.objects.get(post=reply)
    assert fan_out_notification_event.apply(args=[event.pk]).get() == 1
    assert fan_out_notification_event.apply(args=[event.pk]).get() == 0
    delivery = EmailDelivery.objects.get(recipient=member)
    assert send_notification_email.apply(args=[delivery.pk]).get() is True
    assert send_notification_email.apply(args=[delivery.pk]).get() is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_sweeper_publishes_what_was_left_waiting(run_tasks, thread, member):
    reply = _reply(thread, UserFactory())  # as if the broker was down: nothing was published
    NotificationEvent.objects.filter(post=reply).update(created_at=timezone.now() - timedelta(minutes=5))
    with run_tasks():
        assert sweep_outbox() == (1, 0)
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1
    with run_tasks():
        assert sweep_outbox() == (0, 0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_member_notice_and_moderator_alerts(run_tasks, member):
    on_break = ModeratorFactory()
    pause_notifications(member=on_break, length="return")
    moderator = ModeratorFactory()
    with run_tasks():
        notify_member(member, kind=NotificationKind.MODERATION, message="We hid your post under guideline 3.", link="/")
        alert_moderators(kind=NotificationKind.URGENT_ITEM, message="A member may be in crisis.", link="/")
    assert Notification.objects.get(recipient=member).message == "We hid your post under guideline 3."
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.URGENT_ITEM).count() == 1
    assert not Notification.objects.filter(recipient=on_break).exists()
    assert sorted(email.to[0] for email in mail.outbox) == sorted([member.email, moderator.email])


@pytest.mark.django_db
def test_alert_moderators_refuses_member_kinds():
    with pytest.raises(ValueError):
        alert_moderators(kind=NotificationKind.REPLY, message="x", link="/")


@pytest.mark.django_db
def test_emails_offer_one_click_unsubscribe_that_works_without_login(run_tasks, thread, member, anon_client):
    with run_tasks():
        _reply(thread, UserFactory())
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = email.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    assert url in email.body
    page = anon_client.get(url)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and "Stop these emails" in page.content.decode()
    assert not member.email_preferences.exists()
    done = anon_client.post(url)
    assert "We won't send you Replies in threads you follow by email" in done.content.decode()
    assert member.email_preferences.get().cadence == EmailCadence.OFF
    with run_tasks():
        _reply(thread, UserFactory(), body="One more kind word.")
    assert len(_mail_to(member)) == 1


@pytest.mark.django_db
def test_a_tampered_unsubscribe_link_is_refused_kindly(anon_client, member):
    response = anon_client.post(reverse("forums:email-unsubscribe", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This link doesn't work any more" in response.content.decode()
