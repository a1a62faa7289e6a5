"""Anonymity and privacy against a curious insider.

The rule: nothing a member, moderator or admin can observe depends on who wrote an anonymous post,
except for the author themself and a logged reveal. The cast: an anonymous author (who also writes
under their pseudonym), other members, a board moderator of another board, a global moderator who
has not revealed anything, a moderator without two-factor authentication, and an admin."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forums.models import Board, Post, Thread
from forums.services.posting import create_thread, edit_post
from moderation.models import BoardModerator
from tests.factories import AdminFactory, BoardFactory, ModeratorFactory, UserFactory, reply_to


def _settled(**fields) -> User:
    """A member past their first week, so first-post approval and new-member limits stay out of the way."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=60), **fields)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class Cast:
    author: User
    reader: User
    second_reader: User
    board_moderator: User
    moderator: User
    moderator_without_mfa: User
    admin: User
    board: Board
    other_board: Board
    named_thread: Thread
    anonymous_thread: Thread

    @property
    def anonymous_post(self) -> Post:
        return self.anonymous_thread.posts.get(position=1)

    @property
    def named_post(self) -> Post:
        return self.named_thread.posts.get(position=1)

    def insiders(self):
        """Everyone but the author, with a name for failure messages."""
        return {
            "visitor": None,
            "reader": self.reader,
            "board moderator of another board": self.board_moderator,
            "moderator": self.moderator,
            "moderator without two-factor": self.moderator_without_mfa,
            "admin": self.admin,
        }


@pytest.fixture
def cast(db) -> Cast:
    board, other_board = BoardFactory(name="Grief"), BoardFactory(name="Recovery")
    author = _settled(username="quiet_fern")
    board_moderator = _settled(username="keeper_of_recovery")
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=board_moderator, type=Authenticator.Type.TOTP, data={"secret": "t"})
    BoardModerator.objects.create(board=other_board, member=board_moderator)
    named_thread = create_thread(
        acting_user=author, board=board, title="Walking again", body="Named words about a walk."
    )
    anonymous_thread = create_thread(
        acting_user=author, board=board, title="Something I can't say", body="Secret words only.", is_anonymous=True
    )
    return Cast(
        author=author,
        reader=_settled(username="reader_oak"),
        second_reader=_settled(username="reader_ash"),
        board_moderator=board_moderator,
        moderator=ModeratorFactory(username="mod_birch"),
        moderator_without_mfa=ModeratorFactory(username="mod_nomfa", two_factor=False),
        admin=AdminFactory(username="admin_elm"),
        board=board,
        other_board=other_board,
        named_thread=named_thread,
        anonymous_thread=anonymous_thread,
    )


# --- Two-factor gates privilege, not paths -------------------------------------------------------


@pytest.fixture
def unseen_posts(cast):
    """A held reply, a hidden reply and a removed reply in the named thread."""
    held = reply_to(cast.named_thread, author=cast.reader, body="Held words wait here.", is_pending_approval=True)
    hidden = reply_to(cast.named_thread, author=cast.reader, body="Hidden words stay away.", is_hidden=True)
    removed = reply_to(cast.named_thread, author=cast.second_reader, body="Removed words were here.")
    from forums.services.posting import remove_own_post

    remove_own_post(removed, acting_user=cast.second_reader)
    return held, hidden, removed


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["moderator_without_mfa", "admin_without_mfa", "board_moderator_without_mfa"])
def test_privilege_without_two_factor_is_a_members_view_on_every_page(cast, unseen_posts, who):
    held, hidden, _removed = unseen_posts
    if who == "admin_without_mfa":
        user = AdminFactory(two_factor=False)
    elif who == "board_moderator_without_mfa":
        user = UserFactory()
        BoardModerator.objects.create(board=cast.board, member=user)
    else:
        user = cast.moderator_without_mfa
    edit_post(held, acting_user=cast.reader, body="Held words, edited.")
    client = _client(user)
    page = client.get(cast.named_thread.get_absolute_url()).content.decode()
    assert "Held words" not in page and "Hidden words" not in page
    assert reverse("moderation:post-moderate", args=[cast.named_post.pk]) not in page
    assert client.get(reverse("forums:post-history", args=[held.pk])).status_code == 404
    assert client.get(reverse("forums:post-permalink", args=[hidden.pk])).status_code == 404
    for unseen in (held, hidden):
        quoted = client.get(reverse("forums:reply-create", args=[cast.named_thread.pk]) + f"?quote={unseen.pk}")
        assert quoted.status_code == 200 and "Held words" not in quoted.content.decode()
        assert "Hidden words" not in quoted.content.decode()
    if who == "board_moderator_without_mfa":
        assert _client(user).get(reverse("moderation:queue")).url == reverse("mfa_activate_totp")
        return
    # The same user with two-factor switched on sees what moderators see.
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "t"})
    moderating = _client(user).get(cast.named_thread.get_absolute_url()).content.decode()
    assert "Held words" in moderating and "Hidden words" in moderating
    assert _client(user).get(reverse("forums:post-history", args=[held.pk])).status_code == 200


@pytest.mark.django_db
def test_privilege_without_two_factor_hides_threads_and_permissions(cast):
    from forums.permissions import can_see_history
    from moderation.permissions import can_moderate

    hidden_thread = create_thread(acting_user=cast.reader, board=cast.board, title="Hidden thread", body="Quiet.")
    Thread.objects.filter(pk=hidden_thread.pk).update(is_hidden=True)
    user = User.objects.get(pk=cast.moderator_without_mfa.pk)
    assert not Thread.objects.visible_to(user).filter(pk=hidden_thread.pk).exists()
    assert not can_see_history(user, cast.named_post)
    assert not can_moderate(user)
    assert _client(user).get(hidden_thread.get_absolute_url()).status_code == 404
    assert "Moderation queue" not in _client(user).get("/").content.decode()
