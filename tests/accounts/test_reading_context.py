"""A member's reading context (roles, mutes, hidden words, content-warning choices) is read once and
kept in the cache, and every change to it shows on the very next page, whoever makes the change and
whether Redis answers or not."""

from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts import reading_context as reading
from accounts.models import MODERATORS_GROUP, User
from forums.models import ContentWarningPreference, HiddenWord, MemberMute
from moderation.models import BoardModerator
from tests.factories import ThreadFactory, UserFactory, reply_to
from tests.journeys import form_with

MUTED_SAYS = "Post from a member you muted"
HIDDEN_WORD_SAYS = "contains a word you chose to hide"


def _fresh(member):
    return User.objects.get(pk=member.pk)


@pytest.mark.django_db
def test_reading_context_is_read_from_the_database_once_then_from_the_cache(member):
    MemberMute.objects.create(member=member, muted=UserFactory())
    one, another = _fresh(member), _fresh(member)  # two requests' member objects
    with CaptureQueriesContext(connection) as first:
        context = reading.reading_context(one)
    assert len(first) == 4  # roles, warning choices, mutes, hidden words
    with CaptureQueriesContext(connection) as again:
        assert reading.reading_context(another) == context
    assert len(again) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda member: MemberMute.objects.create(member=member, muted=UserFactory()),
        lambda member: HiddenWord.objects.create(member=member, word="storm"),
        lambda member: ContentWarningPreference.objects.create(member=member, warning="grief", choice="hide"),
        lambda member: Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={}),
        lambda member: BoardModerator.objects.create(member=member, board=ThreadFactory().board),
        lambda member: Group.objects.get_or_create(name=MODERATORS_GROUP)[0].user_set.add(member),
        lambda member: member.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0]),
    ],
    ids=["mute", "hidden word", "warning choice", "two-factor", "board moderator", "group (reverse)", "group"],
)
def test_every_change_to_the_context_moves_the_version_on(member, change):
    reading.reading_context(_fresh(member))
    before = _fresh(member).reading_version
    change(member)
    assert _fresh(member).reading_version > before


@pytest.mark.django_db
def test_deleting_a_row_of_the_context_moves_the_version_on_too(member):
    mute = MemberMute.objects.create(member=member, muted=UserFactory())
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
    before = _fresh(member).reading_version
    mute.delete()
    Authenticator.objects.filter(user=member).delete()
    assert _fresh(member).reading_version == before + 2


@pytest.mark.django_db
def test_an_old_copy_is_never_read_after_a_change(member):
    old = _fresh(member)
    assert reading.reading_context(old)["forums"]["hidden_words"] == ()
    HiddenWord.objects.create(member=member, word="storm")
    assert reading.reading_context(_fresh(member))["forums"]["hidden_words"] == ("storm",)


@pytest.mark.django_db
def test_muting_from_the_profile_collapses_their_posts_on_the_next_page(django_app, member):
    loud = UserFactory(username="loud_wave")
    thread = ThreadFactory()
    reply_to(thread, author=loud, body="Everything I think, all at once.")
    assert MUTED_SAYS not in django_app.get(thread.get_absolute_url(), user=member).text  # context now cached
    confirm = django_app.get(reverse("forums:member-mute", args=["loud_wave"]), user=member)
    form_with(confirm, "mute").submit().follow()
    assert MUTED_SAYS in django_app.get(thread.get_absolute_url(), user=member).text


@pytest.mark.django_db
def test_a_hidden_word_added_in_reading_settings_applies_on_the_next_page(django_app, member):
    thread = ThreadFactory()
    reply_to(thread, body="The storm came back tonight.")
    assert HIDDEN_WORD_SAYS not in django_app.get(thread.get_absolute_url(), user=member).text
    settings_page = django_app.get(reverse("forums:reading-settings"), user=member)
    form = form_with(settings_page, "word")
    form["word"] = "storm"
    form.submit().follow()
    assert HIDDEN_WORD_SAYS in django_app.get(thread.get_absolute_url(), user=member).text


@pytest.mark.django_db
def test_a_board_moderator_appointed_while_their_context_is_cached_can_moderate_on_the_next_page(django_app):
    moderator = UserFactory()
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "test"})
    thread = ThreadFactory()
    moderate = reverse("moderation:post-moderate", args=[thread.posts.get().pk])
    assert moderate not in django_app.get(thread.get_absolute_url(), user=moderator).text
    BoardModerator.objects.create(member=moderator, board=thread.board)
    assert moderate in django_app.get(thread.get_absolute_url(), user=moderator).text
    Authenticator.objects.filter(user=moderator).delete()  # two-factor off: no privilege left
    assert moderate not in django_app.get(thread.get_absolute_url(), user=moderator).text


@pytest.mark.django_db
def test_thread_page_reads_the_context_from_the_database_when_redis_is_down(django_app, member):
    loud = UserFactory()
    MemberMute.objects.create(member=member, muted=loud)
    thread = ThreadFactory()
    reply_to(thread, author=loud, body="Loud words.")

    class Unreachable:
        def get(self, *args, **kwargs):
            raise RedisConnectionError("down")

        set = get

    with mock.patch.object(reading, "cache", Unreachable()):
        page = django_app.get(thread.get_absolute_url(), user=member)
    assert page.status_code == 200 and MUTED_SAYS in page.text
    cache.clear()
