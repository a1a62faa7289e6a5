import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums.models import Post, Thread
from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to


def _login(user):
    client = Client()
    client.force_login(user)
    return client


def _established_client():
    user = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    return user, _login(user)


# --- who may see what ------------------------------------------------------------------------


@pytest.mark.django_db
def test_visitors_read_public_boards_and_threads(anon_client, thread):
    assert anon_client.get(thread.board.get_absolute_url()).status_code == 200
    response = anon_client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "Log in to reply" in response.content.decode()


@pytest.mark.django_db
def test_members_only_board_is_a_404_for_visitors_and_open_to_members(anon_client, member_client):
    board = BoardFactory(members_only=True)
    thread = ThreadFactory(board=board)
    assert anon_client.get(board.get_absolute_url()).status_code == 404
    assert anon_client.get(thread.get_absolute_url()).status_code == 404
    assert board.name not in anon_client.get("/").content.decode()
    assert member_client.get(board.get_absolute_url()).status_code == 200
    assert member_client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_hidden_thread_is_the_same_404_as_a_missing_one(member_client, moderator_client, other_member, thread):
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    other = Client()
    other.force_login(other_member)
    hidden = other.get(thread.get_absolute_url())
    missing = other.get(reverse("forums:thread-detail", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    assert moderator_client.get(thread.get_absolute_url()).status_code == 200
    # Its author keeps seeing what they wrote (held for approval, or hidden with an explanation).
    assert member_client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["forums:thread-create", "forums:reply-create", "forums:my-threads", "forums:following"]
)
def test_writing_pages_send_visitors_to_login(anon_client, thread, name):
    args = {"forums:thread-create": [thread.board.slug], "forums:reply-create": [thread.pk]}.get(name, [])
    response = anon_client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_only_the_author_may_edit_or_remove_a_post(other_member, thread):
    post = thread.posts.get()
    client = _login(other_member)
    assert client.get(reverse("forums:post-edit", args=[post.pk])).status_code == 403
    assert client.post(reverse("forums:post-remove", args=[post.pk])).status_code == 403
    post.refresh_from_db()
    assert not post.is_removed


@pytest.mark.django_db
def test_history_is_for_the_author_and_moderators_only(member_client, other_member, moderator_client, thread):
    post = thread.posts.get()
    url = reverse("forums:post-history", args=[post.pk])
    assert member_client.get(url).status_code == 200
    assert moderator_client.get(url).status_code == 200
    assert _login(other_member).get(url).status_code == 403
    assert Client().get(url).status_code == 403


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_a_thread_and_land_on_it(board):
    _, client = _established_client()
    response = client.post(
        reverse("forums:thread-create", args=[board.slug]),
        {"title": "Panic at night", "body": "It keeps happening.", "action": "post"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == Thread.objects.get().get_absolute_url()
    html = response.content.decode()
    assert "Panic at night" in html and "It keeps happening." in html
    assert "Your thread is posted. Thank you for sharing." in html


@pytest.mark.django_db
def test_refused_post_keeps_everything_typed(board):
    _, client = _established_client()
    long_body = "word " * 4001
    response = client.post(
        reverse("forums:thread-create", args=[board.slug]),
        {"title": "A long story", "body": long_body, "content_warnings": ["grief"], "action": "post"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your post is a little long for one message" in html
    assert long_body.strip() in html
    assert 'value="A long story"' in html
    assert re.search(r'<input[^>]*value="grief"[^>]*checked', html)
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_preview_shows_the_published_html_and_posts_nothing(thread):
    _, client = _established_client()
    response = client.post(
        reverse("forums:reply-create", args=[thread.pk]), {"body": "so *tired* <b>x</b>", "action": "preview"}
    )
    html = response.content.decode()
    assert "Preview: this is how your post will look" in html
    assert "<em>tired</em>" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_reply_lands_on_the_right_page_of_a_long_thread(thread):
    for _ in range(25):
        reply_to(thread)
    _, client = _established_client()
    response = client.post(reverse("forums:reply-create", args=[thread.pk]), {"body": "Me too.", "action": "post"})
    post = Post.objects.get(body="Me too.")
    assert response["Location"] == post.get_absolute_url()
    landing = client.get(post.get_absolute_url())
    assert landing["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"


@pytest.mark.django_db
def test_locked_thread_refuses_replies_with_a_clear_message(thread):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    _, client = _established_client()
    response = client.post(
        reverse("forums:reply-create", args=[thread.pk]), {"body": "Hello", "action": "post"}, follow=True
    )
    assert "This thread is locked, so no new replies can be added. You can still read it." in response.content.decode()
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_quote_prefills_the_reply_with_attribution(thread, member):
    _, client = _established_client()
    post = thread.posts.get()
    html = client.get(reverse("forums:reply-create", args=[thread.pk]) + f"?quote={post.pk}").content.decode()
    assert f"&gt; **{member.username}** wrote:" in html
    assert f"&gt; {post.body}" in html


@pytest.mark.django_db
def test_edit_shows_an_edited_marker_and_history(member_client, thread):
    post = thread.posts.get()
    member_client.post(reverse("forums:post-edit", args=[post.pk]), {"body": "Better words", "action": "post"})
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "Better words" in page and "edited" in page
    history = member_client.get(reverse("forums:post-history", args=[post.pk])).content.decode()
    assert "Opening words of" in history and "Better words" in history


@pytest.mark.django_db
def test_removed_post_reads_removed_by_its_author(member_client, anon_client, thread):
    post = thread.posts.get()
    member_client.post(reverse("forums:post-remove", args=[post.pk]))
    html = anon_client.get(thread.get_absolute_url()).content.decode()
    assert "This post was removed by its author." in html
    assert post.body not in html


@pytest.mark.django_db
def test_first_unread_jumps_past_what_the_member_read(member_client, member, thread):
    member_client.get(thread.get_absolute_url())
    for _ in range(22):
        reply_to(thread)
    response = member_client.get(reverse("forums:thread-unread", args=[thread.pk]))
    assert response["Location"] == f"{thread.get_absolute_url()}?page=1#position-2"
    member_client.get(thread.get_absolute_url() + "?page=last")
    member_client.get(thread.get_absolute_url() + "?page=1")
    response = member_client.get(reverse("forums:thread-unread", args=[thread.pk]))
    assert response["Location"] == f"{thread.get_absolute_url()}?page=last"


@pytest.mark.django_db
def test_follow_unfollow_and_the_following_page(member_client, other_member, thread):
    client = _login(other_member)
    client.post(reverse("forums:thread-follow", args=[thread.pk]), {"follow": "1"})
    assert thread.title in client.get(reverse("forums:following")).content.decode()
    client.post(reverse("forums:thread-follow", args=[thread.pk]), {"follow": "0", "next": "following"})
    assert thread.title not in client.get(reverse("forums:following")).content.decode()


@pytest.mark.django_db
def test_my_threads_lists_threads_started_and_replied_in(other_member, thread):
    elsewhere = ThreadFactory(title="Someone else's thread")
    reply_to(elsewhere, author=other_member)
    html = _login(other_member).get(reverse("forums:my-threads")).content.decode()
    assert "Someone else&#x27;s thread" in html
    assert thread.title not in html


@pytest.mark.django_db
def test_sensitive_board_pages_ask_search_engines_not_to_index(anon_client):
    board = BoardFactory(is_sensitive=True)
    thread = ThreadFactory(board=board)
    for url in (board.get_absolute_url(), thread.get_absolute_url()):
        assert '<meta name="robots" content="noindex, nofollow">' in anon_client.get(url).content.decode()
    assert "noindex" not in anon_client.get(ThreadFactory().get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_board_list_shows_counts_and_latest_activity(anon_client, thread):
    reply_to(thread, body="Thinking of you")
    html = anon_client.get("/").content.decode()
    assert "1 thread" in html
    assert thread.title in html


def test_page_window_offers_first_last_and_neighbours():
    from types import SimpleNamespace

    from forums.templatetags.forum_tags import page_window

    page = SimpleNamespace(number=50, paginator=SimpleNamespace(num_pages=1261))
    assert page_window(page) == [1, None, 48, 49, 50, 51, 52, None, 1261]
    first = SimpleNamespace(number=1, paginator=SimpleNamespace(num_pages=3))
    assert page_window(first) == [1, 2, 3]
