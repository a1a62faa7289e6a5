"""Board moderators moderate the posts and threads of their boards only."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from forums.models import Notification, NotificationKind
from moderation.models import BoardModerator, QueueItem, ReportReason, SanctionKind
from moderation.selectors import guideline_get_current, queue_page_for_moderator
from moderation.services import add_content_warning, file_report, lock_thread, move_thread, sanction_member
from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to


@pytest.fixture
def grief_board(db):
    return BoardFactory(name="Grief")


@pytest.fixture
def board_moderator(grief_board):
    member = UserFactory(username="gentlewarden")
    BoardModerator.objects.create(board=grief_board, member=member)
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "test"})
    return member


@pytest.fixture
def two_items(grief_board):
    mine = reply_to(ThreadFactory(board=grief_board))
    elsewhere = reply_to(ThreadFactory())
    for post in (mine, elsewhere):
        file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    return QueueItem.objects.get(post=mine), QueueItem.objects.get(post=elsewhere)


@pytest.mark.django_db
def test_board_moderator_sees_and_acts_on_their_boards_only(board_moderator, two_items, grief_board):
    mine, elsewhere = two_items
    assert [item.pk for item in queue_page_for_moderator(viewer=board_moderator)] == [mine.pk]
    assert add_content_warning(mine.post, acting_user=board_moderator, warning="grief") is True
    with pytest.raises(PermissionDenied):
        add_content_warning(elsewhere.post, acting_user=board_moderator, warning="grief")
    with pytest.raises(PermissionDenied):
        lock_thread(elsewhere.post.thread, acting_user=board_moderator)
    with pytest.raises(PermissionDenied):
        move_thread(mine.post.thread, acting_user=board_moderator, board=BoardFactory())  # out of their boards
    with pytest.raises(PermissionDenied):
        sanction_member(
            mine.post.author, acting_user=board_moderator, kind=SanctionKind.WARNING,
            guideline_section=guideline_get_current().sections.first(),
        )  # fmt: skip


@pytest.mark.django_db
def test_board_moderator_pages(board_moderator, two_items):
    mine, elsewhere = two_items
    client = Client()
    client.force_login(board_moderator)
    assert client.get(reverse("moderation:queue")).status_code == 200
    assert client.get(reverse("moderation:item-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("moderation:item-detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("moderation:post-moderate", args=[elsewhere.post.pk])).status_code == 404
    assert client.get(reverse("moderation:member-moderate", args=[mine.post.author.username])).status_code == 403
    assert client.get(reverse("moderation:appeal-list")).status_code == 403
    assert "Moderation queue" in client.get("/").content.decode()


@pytest.mark.django_db
def test_board_moderator_needs_two_factor(grief_board):
    member = UserFactory()
    BoardModerator.objects.create(board=grief_board, member=member)
    client = Client()
    client.force_login(member)
    assert client.get(reverse("moderation:queue")).url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_board_moderators_hear_of_urgent_items_on_their_board_only(
    board_moderator, grief_board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_report(acting_user=UserFactory(), post=reply_to(ThreadFactory()), reason=ReportReason.WORRIED)
    assert not Notification.objects.filter(recipient=board_moderator).exists()
    with django_capture_on_commit_callbacks(execute=True):
        post = reply_to(ThreadFactory(board=grief_board))
        file_report(acting_user=UserFactory(), post=post, reason=ReportReason.WORRIED)
    assert Notification.objects.filter(recipient=board_moderator, kind=NotificationKind.URGENT_ITEM).count() == 1
