"""Redis stopped (broker and cache on closed ports): members reply, react, follow, report and log
in through the pages as rendered; every request succeeds in under two seconds and nothing is lost
(the outbox keeps what waits for the sweeper). No real Redis is needed: nothing listens on port 1."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from forums.models import NotificationEvent, Post, Reaction, ThreadFollow
from moderation.models import Report
from safespace.celery import app
from tests.factories import ThreadFactory, UserFactory

CLOSED = "redis://127.0.0.1:1"
# The cache the site uses whenever Redis is configured, pointed at the closed port.
DOWN_CACHE = {
    "default": {
        "BACKEND": getattr(settings, "REDIS_CACHE_BACKEND", "django.core.cache.backends.redis.RedisCache"),
        "LOCATION": f"{CLOSED}/1",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/m/ip", "reset_password": "20/m/ip,5/m/key"}


@pytest.fixture
def redis_down():
    """Broker and cache both unreachable, as when the Redis server has stopped."""
    working = app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager

    def point_broker_at(url):
        app.conf.broker_url = url
        app.conf.broker_write_url = url
        app._pool = None
        app.amqp._producer_pool = None

    point_broker_at(f"{CLOSED}/0")
    app.conf.task_always_eager = False
    with override_settings(CACHES=DOWN_CACHE, ACCOUNT_RATE_LIMITS=LIMITS):
        yield
    point_broker_at(working[0])
    app.conf.broker_write_url = working[1]
    app.conf.task_always_eager = working[2]


def _timed(action):
    started = time.monotonic()
    response = action()
    return response, time.monotonic() - started


def _form_posting_to(page, path):
    return next(form for form in page.forms.values() if (form.action or "").endswith(path))


@pytest.mark.django_db(transaction=True)
def test_members_reply_react_follow_and_report_while_redis_is_down(django_app, redis_down):
    author, reader = UserFactory(), UserFactory()
    thread = ThreadFactory(author=author, title="Rough night")
    first = thread.posts.get()
    url = thread.get_absolute_url()

    page = django_app.get(url, user=reader)
    composer = _form_posting_to(page, reverse("forums:reply-create", args=[thread.pk]))
    composer["body"] = "I'm here with you. It does ease, a little at a time."
    response, seconds = _timed(lambda: composer.submit("action", value="post"))
    assert response.status_code == 302 and seconds < 2
    assert Post.objects.filter(thread=thread, author=reader).count() == 1

    page = django_app.get(url, user=reader)
    react = _form_posting_to(page, reverse("forums:post-react", args=[first.pk]))
    response, seconds = _timed(lambda: react.submit("kind", value="support"))
    assert response.status_code in (200, 302) and seconds < 2
    assert Reaction.objects.filter(post=first, member=reader).exists()

    following = ThreadFollow.objects.filter(thread=thread, member=reader).exists()
    page = django_app.get(url, user=reader)
    follow = _form_posting_to(page, reverse("forums:thread-follow", args=[thread.pk]))
    response, seconds = _timed(follow.submit)
    assert response.status_code == 302 and seconds < 2
    assert ThreadFollow.objects.filter(thread=thread, member=reader).exists() is not following

    report_page = django_app.get(reverse("moderation:report-post", args=[first.pk]), user=reader)
    form = next(f for f in report_page.forms.values() if any((name or "").endswith("reason") for name in f.fields))
    reason = next(name for name in form.fields if (name or "").endswith("reason"))
    form[reason].select("spam")  # fails if the page does not offer it
    response, seconds = _timed(form.submit)
    assert response.status_code in (200, 302) and seconds < 2
    assert Report.objects.filter(reporter=reader).exists()

    # Nothing was published, nothing is lost: the outbox holds every event for the sweeper.
    assert NotificationEvent.objects.filter(fanned_out_at__isnull=True).count() >= 2


@pytest.mark.django_db(transaction=True)
def test_login_works_while_redis_is_down(django_app, redis_down):
    member = UserFactory(username="willow_tree")
    member.set_password("a calm harbour password")
    member.save()
    page = django_app.get(reverse("account_login"))
    form = page.forms[[key for key, f in page.forms.items() if "login" in f.fields][0]]
    form["login"] = "willow_tree"
    form["password"] = "a calm harbour password"
    response, seconds = _timed(form.submit)
    assert response.status_code == 302 and seconds < 2
    assert django_app.get(reverse("forums:notification-list")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_login_limits_keep_counting_in_memory_while_redis_is_down(django_app, redis_down):
    UserFactory(username="birch")
    for _attempt in range(5):
        page = django_app.get(reverse("account_login"))
        form = page.forms[[key for key, f in page.forms.items() if "login" in f.fields][0]]
        form["login"], form["password"] = "birch", "not the password"
        form.submit()
    page = django_app.get(reverse("account_login"))
    form = page.forms[[key for key, f in page.forms.items() if "login" in f.fields][0]]
    form["login"], form["password"] = "birch", "not the password"
    refused = form.submit()
    assert "too many" in refused.text.lower() or refused.status_code == 429


def test_a_publishing_error_of_any_kind_never_fails_the_request(monkeypatch, db, django_capture_on_commit_callbacks):
    """The Redis result backend used to raise RuntimeError after ~19 s of retries on publish."""
    from forums.notifications.tasks import fan_out_notification_event
    from forums.services.posts import create_reply

    def result_store_gone(*args, **kwargs):
        raise RuntimeError("Retry limit exceeded while trying to reconnect to the Celery redis result store backend.")

    monkeypatch.setattr(fan_out_notification_event, "apply_async", result_store_gone)
    thread = ThreadFactory()
    app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            create_reply(thread, acting_user=UserFactory(), body="Still here, still with you.")
    finally:
        app.conf.task_always_eager = True
    assert NotificationEvent.objects.filter(fanned_out_at__isnull=True).count() == 1


def test_no_result_backend_is_configured():
    # Nothing reads task results; a result backend was one more Redis connection retried in requests.
    assert not app.conf.result_backend
