import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client

from safespace import fragments
from tests.factories import AdminFactory, BoardFactory, ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached counts live in the cache: each test starts with an empty one (and
    with none of the fragments a process keeps in memory)."""
    cache.clear()
    fragments.forget_in_this_process()
    yield
    cache.clear()
    fragments.forget_in_this_process()


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _enable_totp(user):
    """Marks two-factor as set up, the state the MFA gate checks for staff and moderators."""
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}})
    return user


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def moderator(db):
    return _enable_totp(ModeratorFactory())


@pytest.fixture
def moderator_without_mfa(db):
    return ModeratorFactory(two_factor=False)


@pytest.fixture
def moderator_client(moderator):
    return _client_for(moderator)


@pytest.fixture
def admin_user(db):
    return _enable_totp(AdminFactory())


@pytest.fixture
def admin_client(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def board(db):
    return BoardFactory()


@pytest.fixture
def thread(db, board, member):
    from tests.factories import ThreadFactory

    return ThreadFactory(board=board, author=member, title="A hard week")


@pytest.fixture(scope="session")
def _celery_worker_thread(django_db_setup, django_db_blocker):
    """One real Celery worker (a thread in this process, solo pool) consuming from the real Redis,
    for tests marked to need it. Skipped without REDIS_URL; CI always sets it."""
    import os

    import celery.contrib.testing.tasks  # noqa: F401  registers "celery.ping" for the ping check
    import redis
    from celery.contrib.testing.worker import start_worker

    from safespace.celery import app

    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: the real-worker tests need Redis")
    redis.Redis.from_url(app.conf.broker_url, socket_connect_timeout=1).ping()  # fail at once if Redis is down
    # Our own keys (every queue, urgent to bulk), so no task runs against another test run's database.
    prefix = {"global_keyprefix": f"test-{os.getpid()}:"}
    app.conf.broker_transport_options = {**app.conf.broker_transport_options, **prefix}
    app._pool = None  # connections opened before this would publish without the prefix
    app.amqp._producer_pool = None
    app.control.purge()
    with django_db_blocker.unblock(), start_worker(app, perform_ping_check=True, shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture
def celery_worker(_celery_worker_thread):
    """Tasks go through Redis to the real worker for this test only; every other test keeps
    running them in-process."""
    from safespace.celery import app

    app.conf.task_always_eager = False
    yield _celery_worker_thread
    app.conf.task_always_eager = True
