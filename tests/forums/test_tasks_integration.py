"""A real Celery worker on the real Redis delivers notifications; a broker outage loses nothing.
These tests commit for real (transaction=True) so the worker, another thread, sees the rows."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from forums.models import EmailDelivery, EmailDeliveryStatus, Notification, NotificationEvent
from forums.notifications.outbox import sweep_outbox
from safespace.celery import app
from tests.factories import ThreadFactory, UserFactory


def _wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def broker_down():
    """Points the broker at a closed port, as if Redis had stopped, and back afterwards."""
    working_url = app.conf.broker_url

    def reconnect(url):
        app.conf.broker_url = url
        app.conf.broker_write_url = url
        # Celery keeps its connection and producer pools; new ones pick up the new URL. The old
        # ones are dropped, not closed: the worker thread may still hold connections from them.
        app._pool = None
        app.amqp._producer_pool = None

    reconnect("redis://127.0.0.1:1/0")
    yield lambda: reconnect(working_url)
    reconnect(working_url)


def _reply_through_the_site(client, thread, body):
    return client.post(reverse("forums:reply-create", args=[thread.pk]), {"body": body, "action": "post"})


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_reply_notification_and_email(celery_worker, client):
    author = UserFactory()
    thread = ThreadFactory(author=author, title="Can't sleep again")
    replier = UserFactory()
    client.force_login(replier)
    response = _reply_through_the_site(client, thread, "Me neither. Breathing slowly helps me a little.")
    assert response.status_code == 302
    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker sent no email"
    notification = Notification.objects.get(recipient=author)
    assert notification.post.body.startswith("Me neither")
    assert mail.outbox[0].to == [author.email]
    assert EmailDelivery.objects.get().status == EmailDeliveryStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_redis_outage_loses_nothing_and_sends_once(celery_worker, client, broker_down):
    author = UserFactory()
    thread = ThreadFactory(author=author)
    client.force_login(UserFactory())
    response = _reply_through_the_site(client, thread, "Sending you strength tonight.")
    # The member's post is saved and the page succeeds, though nothing could be published.
    assert response.status_code == 302
    assert thread.posts.filter(body="Sending you strength tonight.").exists()
    event = NotificationEvent.objects.get()
    assert event.fanned_out_at is None and not Notification.objects.exists()
    broker_up = broker_down
    broker_up()
    time.sleep(0.5)
    assert mail.outbox == [] and not Notification.objects.exists()  # nothing was ever queued
    # Redis is back: the sweeper (run every minute by beat) publishes the waiting event.
    assert sweep_outbox(older_than=timedelta(0)) == (1, 0)
    assert _wait_for(lambda: len(mail.outbox) == 1)
    # The sweeper runs again (and overlaps with the first tasks): still one notification, one email.
    sweep_outbox(older_than=timedelta(0))
    time.sleep(1)
    assert Notification.objects.filter(recipient=author).count() == 1
    assert len(mail.outbox) == 1
