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


@pytest.mark.django_db
def test_seed_scale_writes_the_peers_shape_in_small():
    """Real-looking Markdown of 200-1,500 characters, one long thread, reactions, anonymous and
    content-warned posts, and a reader with mutes, hidden words, content-warning choices and follows."""
    from forums.models import ContentWarningPreference, HiddenWord, MemberMute, Reaction, ThreadFollow

    call_command("seed_scale", threads=20, posts=600, members=30, long_thread=120, batch=200, stdout=io.StringIO())
    assert Post.objects.count() == 600
    assert Thread.objects.order_by("-reply_count").first().reply_count == 119
    replies = list(Post.objects.exclude(position=1).values_list("body", "body_html", "body_text"))
    assert all(200 <= len(body) <= 1_600 for body, _, _ in replies)
    assert any("**" in body or "](" in body or "\n- " in body for body, _, _ in replies)  # Markdown, rendered:
    assert any("<strong>" in html or "<a href" in html or "<li>" in html for _, html, _ in replies)
    assert all("**" not in text for _, _, text in replies)
    assert Post.objects.filter(is_anonymous=True).exists()
    assert Post.objects.exclude(content_warnings=[]).exists()
    assert Reaction.objects.count() > 100
    opening = Post.objects.filter(position=1).select_related("thread").first()
    assert opening.search_title == opening.thread.title
    assert MemberMute.objects.filter(member__username="bench_reader").count() == 20
    assert HiddenWord.objects.filter(member__username="bench_reader").exists()
    assert ContentWarningPreference.objects.filter(member__username="bench_reader").exists()
    assert ThreadFollow.objects.filter(member__username="bench_reader").count() >= 10
