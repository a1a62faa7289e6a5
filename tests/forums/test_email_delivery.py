"""The email guarantee: `sending` and a stable Message-ID are committed before the mail server sees
anything; a retry carries the same Message-ID; a refusal for good is recorded, never retried; a
title can never put a newline into a Subject."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.utils import timezone

from forums.models import EmailDelivery, EmailDeliveryStatus, NotificationEvent, Thread
from forums.notifications.email import send_email_delivery
from forums.notifications.outbox import fan_out_event, sweep_outbox
from forums.services.posts import create_reply
from tests.factories import BoardFactory, ThreadFactory, UserFactory, create_thread

# What the scripted backend does on each call: "ok", or an exception to raise instead of sending.
SCRIPT: list = []
SEEN_DURING_HAND_OFF: list = []


class ScriptedBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            delivery = EmailDelivery.objects.get(message_id=message.extra_headers.get("Message-ID"))
            SEEN_DURING_HAND_OFF.append((delivery.status, connection.in_atomic_block))
        step = SCRIPT.pop(0) if SCRIPT else "ok"
        if isinstance(step, Exception):
            raise step
        return super().send_messages(messages)


@pytest.fixture
def scripted_mail(settings):
    settings.EMAIL_BACKEND = "tests.forums.test_email_delivery.ScriptedBackend"
    SCRIPT.clear()
    SEEN_DURING_HAND_OFF.clear()
    return SCRIPT


def _queued_reply_email(thread):
    """A reply whose email to the thread's author is queued but not sent yet."""
    create_reply(thread, acting_user=UserFactory(), body="Thinking of you today.")
    for event in NotificationEvent.objects.filter(fanned_out_at__isnull=True):
        fan_out_event(event.pk)
    return EmailDelivery.objects.get(recipient=thread.author, status=EmailDeliveryStatus.PENDING)


@pytest.mark.django_db(transaction=True)
def test_sending_and_the_message_id_are_committed_before_the_hand_off(scripted_mail, monkeypatch):
    from safespace import tasking

    monkeypatch.setattr(tasking, "publish", lambda task, *args, queue=None: False)  # this test sends by hand
    delivery = _queued_reply_email(ThreadFactory())
    assert send_email_delivery(delivery.pk) is True
    # The mail server was handed the email outside any transaction, with the row already saying so.
    assert SEEN_DURING_HAND_OFF == [(EmailDeliveryStatus.SENDING, False)]
    delivery.refresh_from_db()
    [email] = mail.outbox
    assert email.extra_headers["Message-ID"] == delivery.message_id
    assert delivery.status == EmailDeliveryStatus.SENT


@pytest.mark.django_db
def test_a_temporary_failure_is_retried_with_the_same_message_id(scripted_mail):
    delivery = _queued_reply_email(ThreadFactory())  # (commits are not real here: nothing is published)
    scripted_mail.append(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    assert send_email_delivery(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.status == EmailDeliveryStatus.PENDING and delivery.message_id
    first_id = delivery.message_id
    assert send_email_delivery(delivery.pk) is True
    [email] = mail.outbox
    assert email.extra_headers["Message-ID"] == first_id
    delivery.refresh_from_db()
    assert delivery.status == EmailDeliveryStatus.SENT and delivery.attempts == 2


@pytest.mark.django_db
def test_a_worker_dying_between_hand_off_and_commit_resends_with_the_same_message_id(
    scripted_mail, django_capture_on_commit_callbacks
):
    delivery = _queued_reply_email(ThreadFactory())  # (commits are not real here: nothing is published)
    assert send_email_delivery(delivery.pk) is True
    # As if the process had died after the hand-off, before marking it sent:
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=EmailDeliveryStatus.SENDING)
    assert send_email_delivery(delivery.pk) is False  # still within the hand-off window: left alone
    EmailDelivery.objects.filter(pk=delivery.pk).update(sending_since=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_outbox(older_than=timedelta(0)) == (0, 1)  # the sweeper publishes it again
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert EmailDelivery.objects.get(pk=delivery.pk).status == EmailDeliveryStatus.SENT


@pytest.mark.django_db
def test_an_address_refused_for_good_is_marked_failed_with_its_reason_and_never_retried(scripted_mail):
    delivery = _queued_reply_email(ThreadFactory())  # (commits are not real here: nothing is published)
    scripted_mail.append(smtplib.SMTPRecipientsRefused({delivery.recipient.email: (550, b"No such mailbox")}))
    assert send_email_delivery(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.status == EmailDeliveryStatus.FAILED
    assert "No such mailbox" in delivery.skip_reason
    EmailDelivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert sweep_outbox(older_than=timedelta(0)) == (0, 0)
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title",
    [
        "Tonight\nis hard",
        "Tonight\r\nis hard",
        "Tonight\tis  hard",
        "Tonight\u2028is hard",
        " Tonight\x00 is hard\x1b ",
    ],
)
def test_a_title_from_any_client_is_one_line_and_its_email_subject_too(title, django_capture_on_commit_callbacks):
    author = UserFactory()
    thread = create_thread(acting_user=author, board=BoardFactory(), title=title, body="I can't settle.")
    assert Thread.objects.get(pk=thread.pk).title == "Tonight is hard"
    with django_capture_on_commit_callbacks(execute=True):
        create_reply(thread, acting_user=UserFactory(), body="I'm here. Tell us more if you like.")
    [email] = mail.outbox
    assert "\n" not in email.subject and "\r" not in email.subject
    assert "Tonight is hard" in email.subject
    assert EmailDelivery.objects.get().status == EmailDeliveryStatus.SENT


@pytest.mark.django_db
def test_the_new_thread_form_keeps_the_title_on_one_line(django_app, member, board):
    page = django_app.get(f"/boards/{board.slug}/new/", user=member)
    form = next(f for f in page.forms.values() if "title" in f.fields)
    form["title"] = "A long\t day,\u00a0again  "
    form["body"] = "Just needed to say it somewhere."
    form.submit("action", value="post")
    assert Thread.objects.get(board=board).title == "A long day, again"
