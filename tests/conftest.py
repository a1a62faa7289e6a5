import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client

from tests.factories import AdminFactory, BoardFactory, ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached counts live in the cache: each test starts with an empty one."""
    cache.clear()
    yield
    cache.clear()


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _enable_totp(user):
    """Marks two-factor as set up, the state the MFA gate checks for staff and moderators."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "test"})
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
    return ModeratorFactory()


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
