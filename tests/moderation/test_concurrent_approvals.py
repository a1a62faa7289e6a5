"""Two moderators approving two of one new member's waiting posts at the same moment (PostgreSQL,
real transactions): one approval publishes both, the other finds them settled; no deadlock."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from forums.models import Post
from forums.services.posts import create_reply
from moderation.models import ItemStatus, QueueItem
from moderation.services import resolve_item
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_moderators_approving_one_members_posts_at_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    settings.MODERATION_HOLD_FIRST_POST = True
    newcomer = UserFactory()
    thread = ThreadFactory()
    posts = []
    for n in range(2):
        Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=1))
        posts.append(create_reply(thread, acting_user=newcomer, body=f"Words {n}"))
    items = [QueueItem.objects.get(post=post) for post in posts]
    moderators = [ModeratorFactory(), ModeratorFactory()]
    start = threading.Barrier(2)
    results, errors = [], []

    def approve(item, moderator):
        try:
            start.wait()
            results.append(resolve_item(item, acting_user=moderator, action="approve-post"))
        except Exception as error:  # noqa: BLE001  the assertion below reports it
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=approve, args=pair) for pair in zip(items, moderators, strict=True)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert errors == []
    assert sorted(results) == [False, True]
    assert not Post.objects.filter(author=newcomer, is_pending_approval=True).exists()
    assert not QueueItem.objects.filter(status=ItemStatus.OPEN).exists()
    thread.refresh_from_db()
    assert thread.reply_count == 2
