"""Every moderation route, for every role: visitors go to the login page, members get 403,
moderators without two-factor are sent to set it up, moderators and admins get the page."""

import pytest
from django.test import Client
from django.urls import reverse

from moderation.models import QueueItem, ReportReason
from moderation.services import file_report
from tests.factories import UserFactory, reply_to


def _routes(thread, again=False):
    if not again:
        post = reply_to(thread, author=UserFactory(username="subject"))
        file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    item = QueueItem.objects.get()
    post = item.post
    return [
        ("get", reverse("moderation:queue")),
        ("get", reverse("moderation:appeal-list")),
        ("post", reverse("moderation:hand-over")),
        ("post", reverse("moderation:queue-settle")),
        ("get", reverse("moderation:item-detail", args=[item.pk])),
        ("post", reverse("moderation:item-detail", args=[item.pk])),
        ("get", reverse("moderation:post-moderate", args=[post.pk])),
        ("post", reverse("moderation:post-moderate", args=[post.pk])),
        ("get", reverse("moderation:member-moderate", args=["subject"])),
        ("post", reverse("moderation:member-moderate", args=["subject"])),
    ]


@pytest.mark.django_db
def test_moderation_route_matrix(thread, anon_client, member_client, moderator_client, admin_client,
                                 moderator_without_mfa):  # fmt: skip
    without_mfa = Client()
    without_mfa.force_login(moderator_without_mfa)
    for method, url in _routes(thread):
        visitor = getattr(anon_client, method)(url)
        assert visitor.status_code == 302 and visitor.url.startswith(reverse("account_login")), url
        assert getattr(member_client, method)(url).status_code == 403, url
        assert getattr(without_mfa, method)(url).url == reverse("mfa_activate_totp"), url
        if method == "get":
            assert moderator_client.get(url).status_code == 200, url
            assert admin_client.get(url).status_code == 200, url
    # A board moderator of another board: the queue (empty for them), nothing else of this board.
    from allauth.mfa.models import Authenticator

    from moderation.models import BoardModerator
    from tests.factories import BoardFactory

    elsewhere = UserFactory()
    BoardModerator.objects.create(board=BoardFactory(), member=elsewhere)
    Authenticator.objects.create(user=elsewhere, type=Authenticator.Type.TOTP, data={"secret": "x"})
    board_client = Client()
    board_client.force_login(elsewhere)
    expected = {
        "queue": 200, "hand-over": 302, "settle": 302, "appeals": 403, "items": 404, "posts": 404, "members": 403,
    }  # fmt: skip
    for method, url in _routes(thread, again=True):
        key = next(k for k in expected if k in url) if url != reverse("moderation:queue") else "queue"
        assert getattr(board_client, method)(url).status_code == expected[key], url


@pytest.mark.django_db
def test_member_routes_need_login(anon_client, thread):
    for url in [reverse("moderation:appeal-create"), reverse("moderation:report-post", args=[thread.posts.get().pk])]:
        response = anon_client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_board_moderator_cannot_settle_another_boards_items_from_the_queue(thread):
    """The queue's own buttons and "settle together" answer as if the item did not exist."""
    from allauth.mfa.models import Authenticator

    from moderation.models import BoardModerator, ItemStatus
    from tests.factories import BoardFactory

    post = reply_to(thread, author=UserFactory())
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    item = QueueItem.objects.get()
    elsewhere = UserFactory()
    BoardModerator.objects.create(board=BoardFactory(), member=elsewhere)
    Authenticator.objects.create(user=elsewhere, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(elsewhere)
    settle = reverse("moderation:queue-settle")
    assert client.post(settle, {"approve": item.pk}).status_code == 404
    assert client.post(settle, {"trust": item.pk}).status_code == 404
    chosen = client.post(settle, {"item": [item.pk], "step": "settle", "action": "dismiss"})
    assert chosen.status_code == 302  # nothing they may settle was chosen: back to the queue
    assert QueueItem.objects.get().status == ItemStatus.OPEN
