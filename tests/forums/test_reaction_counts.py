"""A gathered reaction notification counts the members who still send support: a reaction taken
back stops counting, whenever it is taken back."""

import pytest

from forums.models import Notification, ReactionKind
from forums.notifications.selectors import notification_headline
from forums.services.reactions import toggle_reaction
from tests.factories import UserFactory


@pytest.fixture
def opening(thread):
    return thread.posts.get(position=1)


def _headline(member):
    return notification_headline(Notification.objects.get(recipient=member))


@pytest.mark.django_db
def test_a_reaction_taken_back_no_longer_counts(thread, member, opening, django_capture_on_commit_callbacks):
    reactors = [UserFactory() for _ in range(4)]
    for reactor in reactors:
        with django_capture_on_commit_callbacks(execute=True):
            toggle_reaction(opening, acting_user=reactor, kind=ReactionKind.SUPPORT)
    assert _headline(member).startswith("4 members sent support")
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=reactors[0], kind=ReactionKind.SUPPORT)  # taken back
    assert _headline(member).startswith("3 members sent support")
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=UserFactory(), kind=ReactionKind.SUPPORT)
    assert _headline(member).startswith("4 members sent support")


@pytest.mark.django_db
def test_one_of_two_reactions_taken_back_still_counts_the_member(
    thread, member, opening, django_capture_on_commit_callbacks
):
    reactor = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=UserFactory(), kind=ReactionKind.SUPPORT)
        toggle_reaction(opening, acting_user=reactor, kind=ReactionKind.SUPPORT)
        toggle_reaction(opening, acting_user=reactor, kind=ReactionKind.ME_TOO)
        toggle_reaction(opening, acting_user=reactor, kind=ReactionKind.SUPPORT)  # one of theirs taken back
    notification = Notification.objects.get(recipient=member)
    assert notification.actor_count == 2


@pytest.mark.django_db
def test_every_reaction_taken_back_leaves_no_notification(thread, member, opening, django_capture_on_commit_callbacks):
    reactor = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=reactor, kind=ReactionKind.SUPPORT)
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=reactor, kind=ReactionKind.SUPPORT)
    assert not Notification.objects.filter(recipient=member).exists()


@pytest.mark.django_db
def test_a_reaction_taken_back_before_the_fan_out_is_not_counted(
    thread, member, opening, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=first, kind=ReactionKind.SUPPORT)
    # The second member reacts and takes it back; both fan-outs of theirs run after.
    with django_capture_on_commit_callbacks(execute=True):
        toggle_reaction(opening, acting_user=second, kind=ReactionKind.SUPPORT)
        toggle_reaction(opening, acting_user=second, kind=ReactionKind.SUPPORT)
        toggle_reaction(opening, acting_user=UserFactory(), kind=ReactionKind.SUPPORT)
    assert Notification.objects.get(recipient=member).actor_count == 2
