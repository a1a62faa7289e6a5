import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from forums.models import Board, Post, Thread


@pytest.mark.django_db
def test_seed_scale_writes_consistent_counters():
    call_command("seed_scale", threads=30, posts=400, members=10, batch=100, stdout=io.StringIO())
    assert Thread.objects.count() == 30
    assert Post.objects.count() == 400
    for thread in Thread.objects.annotate(n=Count("posts"), last=Max("posts__position")):
        assert thread.reply_count == thread.n - 1
        assert thread.last_post.position == thread.last == thread.n
        assert thread.last_activity_at == thread.last_post.created_at
    for board in Board.objects.all():
        assert board.thread_count == Thread.objects.filter(board=board).count()
        assert board.post_count == Post.objects.filter(thread__board=board).count()
    assert Post.objects.filter(is_anonymous=True).exists()
