"""Fault injection with real processes: our own redis-server (never the shared one), real Celery
workers started, killed with SIGKILL and restarted, on the PostgreSQL test database (which worker
processes can reach; SQLite's in-memory test database cannot be shared). They run when REDIS_URL is
set, as in CI, and take about a minute together."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django.utils import timezone

from forums.models import EmailCadence, EmailDelivery, EmailDeliveryStatus, Notification, NotificationKind
from forums.notifications.choices import set_email_cadences
from forums.notifications.email import queue_daily_digests, sweep_daily_digests
from forums.notifications.outbox import alert_moderators, sweep_outbox
from forums.notifications.tasks import send_notification_email
from forums.services.posts import create_reply
from safespace.celery import app
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: fault tests need Redis"),
    pytest.mark.django_db(transaction=True),
]


def _wait_for(condition, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of our own on a free port, which the test may stop and start again."""

    def __init__(self, folder: Path):
        self.port = _free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=subprocess.DEVNULL)  # noqa: S603
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        assert _wait_for(lambda: _pings(client), timeout=10), "our redis-server did not start"

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def queue_length(self, queue: str) -> int:
        return redis.Redis(port=self.port).llen(queue)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they can share (PostgreSQL)")


@pytest.fixture
def own_redis(tmp_path, postgres_only):
    if not any((Path(folder) / "redis-server").exists() for folder in os.environ["PATH"].split(os.pathsep)):
        pytest.skip("redis-server is not installed")
    server = OwnRedis(tmp_path)
    server.start()
    saved = app.conf.broker_url, app.conf.broker_write_url, app.conf.task_always_eager
    options = app.conf.broker_transport_options
    # Our server is ours alone: no key prefix (the in-process test worker's), as the workers we start use none.
    app.conf.broker_transport_options = {key: value for key, value in options.items() if key != "global_keyprefix"}
    _point_broker_at(server.url)
    app.conf.task_always_eager = False
    yield server
    app.conf.broker_transport_options = options
    _point_broker_at(saved[0])
    app.conf.broker_write_url, app.conf.task_always_eager = saved[1], saved[2]
    if server.process.poll() is None:
        server.kill()


def _point_broker_at(url):
    app.conf.broker_url = url
    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def _worker_env(redis_url, mail_dir, email_delay):
    db = connection.settings_dict
    server = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{server}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fault_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "FAULT_MAIL_DIR": str(mail_dir),
        "FAULT_EMAIL_DELAY": str(email_delay),
        "PYTHONPATH": str(ROOT),
    }


class Worker:
    """`celery worker` in its own process (solo pool), optionally under safespace.supervise."""

    def __init__(self, env, log: Path, *, supervised=False):
        if supervised:
            command = [sys.executable, "-m", "safespace.supervise", "worker"]
        else:
            celery = str(Path(sys.executable).with_name("celery"))
            command = [celery, "-A", "safespace", "worker", "--queues", "urgent,default,bulk", "--loglevel=info"]
        self.log = log
        self.handle = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )

    def ready_count(self) -> int:
        return self.log.read_text(errors="replace").count(" ready.")

    def wait_ready(self, count=1, timeout=60):
        assert _wait_for(lambda: self.ready_count() >= count, timeout=timeout), self.log.read_text()[-3000:]

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a pulled plug would: no warm shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.handle.close()


@pytest.fixture
def workers(own_redis, mail_dir, tmp_path):
    started = []

    def start(*, email_delay=0.0, supervised=False):
        env = _worker_env(own_redis.url, mail_dir, email_delay)
        worker = Worker(env, tmp_path / f"worker{len(started)}.log", supervised=supervised)
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()


def _emails(mail_dir) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every email the workers handed over."""
    return [tuple(path.name.split("|")[:2]) for path in mail_dir.glob("*.eml")]


def _reply_email_on(member):
    """A reply to a thread `member` started, committed as a request would."""
    thread = ThreadFactory(author=member)
    with transaction.atomic():
        create_reply(thread, acting_user=UserFactory(), body="You're not alone in this.")
    return thread


def test_killing_redis_under_a_real_worker_delays_delivery_and_loses_nothing(own_redis, workers, mail_dir):
    workers(supervised=True)
    before = UserFactory()
    _reply_email_on(before)
    assert _wait_for(lambda: len(_emails(mail_dir)) == 1), "no delivery before the outage"

    own_redis.kill()
    during = [UserFactory() for _ in range(3)]
    for member in during:
        started = time.monotonic()
        _reply_email_on(member)  # saved; the publish fails fast and is left to the sweeper
        assert time.monotonic() - started < 2
    own_redis.start()  # an empty Redis: everything that was queued in it is gone

    # Beat's sweeper runs every minute; here, now. The worker reconnects (or is restarted) by itself.
    assert _wait_for(lambda: _sweep_and_count(mail_dir) >= 4, timeout=90), "delivery did not resume"
    time.sleep(1)
    sweep_outbox(older_than=timedelta(0))  # once more, overlapping the first: nothing twice
    time.sleep(2)
    counts = Counter(recipient for recipient, _message_id in _emails(mail_dir))
    assert {member.email: counts[member.email] for member in [before, *during]} == {
        member.email: 1 for member in [before, *during]
    }
    assert Notification.objects.filter(recipient__in=during).count() == 3


def _sweep_and_count(mail_dir) -> int:
    sweep_outbox(older_than=timedelta(0))
    time.sleep(1)
    return len(_emails(mail_dir))


def test_a_worker_killed_in_the_middle_of_the_digests_leaves_exactly_one_digest_each(own_redis, workers, mail_dir):
    members = []
    for _ in range(24):
        member = UserFactory()
        set_email_cadences(member=member, cadences={NotificationKind.REPLY: EmailCadence.DAILY})
        members.append(member)
    app.conf.task_always_eager = True  # the replies' own notifications, in-process
    try:
        for member in members:
            _reply_email_on(member)
    finally:
        app.conf.task_always_eager = False

    worker = workers(email_delay=0.15)
    queue_daily_digests()
    assert _wait_for(lambda: len(_emails(mail_dir)) >= 5, timeout=60)
    worker.kill()
    sent_before_kill = len(_emails(mail_dir))
    assert sent_before_kill < len(members), "the kill came too late to prove anything"

    workers(email_delay=0.0)
    # Beat's sweepers, ten minutes later: the digest sweeper for members with no row, the outbox
    # sweeper for an email the killed worker was handing over.
    EmailDelivery.objects.filter(status=EmailDeliveryStatus.SENDING).update(
        sending_since=timezone.now() - timedelta(minutes=11)
    )
    sweep_daily_digests(now=timezone.now().replace(hour=23))
    sweep_outbox(older_than=timedelta(0))

    def all_sent():
        return EmailDelivery.objects.filter(key__startswith="digest:", status=EmailDeliveryStatus.SENT).count() == len(
            members
        )

    assert _wait_for(all_sent, timeout=60), list(EmailDelivery.objects.values_list("status", flat=True))
    for member in members:
        assert EmailDelivery.objects.filter(recipient=member, key__startswith="digest:").count() == 1
    # A copy handed over just before the kill may arrive twice, always with the same Message-ID.
    digests = defaultdict(set)
    for recipient, message_id in _emails(mail_dir):
        digests[recipient].add(message_id)
    assert {member.email: len(digests[member.email]) for member in members} == {member.email: 1 for member in members}


def test_a_crisis_alert_reaches_moderators_within_seconds_behind_3000_bulk_tasks(own_redis, workers):
    moderator = ModeratorFactory()
    workers()
    with app.producer_or_acquire() as producer:
        for delivery_id in range(10_000_000, 10_003_000):  # no such rows: each task looks and returns
            send_notification_email.apply_async(args=[delivery_id], producer=producer)
    assert own_redis.queue_length("bulk") > 2500

    started = time.monotonic()
    with transaction.atomic():
        alert_moderators(
            kind=NotificationKind.URGENT_ITEM, message="A member may be in danger tonight.", link="/moderation/"
        )
    assert _wait_for(lambda: Notification.objects.filter(recipient=moderator).exists(), timeout=10)
    waited = time.monotonic() - started
    assert waited < 5, f"the alert waited {waited:.1f} s"
    assert own_redis.queue_length("bulk") > 1000, "the alert went through after the backlog, not before it"
