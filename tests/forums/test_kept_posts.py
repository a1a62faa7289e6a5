"""Each post of a thread page is kept as finished HTML and shared by every reader who would see the
same thing: rendered once, then read from the cache. What differs by reader (their own anonymous
post, the kind words they sent, their reading settings, their CSRF token) never reaches another
reader, and a change to a post shows at once."""

import re
from unittest import mock

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from forums.models import HiddenWord, Post, Reaction
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _article(html, post):
    start = html.index(f'id="post-{post.pk}"')
    return html[start : html.index("</article>", start)]


class _CountingTemplate:
    """Counts renders of the post partial, whatever the caller."""

    def __init__(self):
        self.renders = 0
        self._real = get_template("forums/partials/_post.html")

    def render(self, *args, **kwargs):
        self.renders += 1
        return self._real.render(*args, **kwargs)


def _counting_posts():
    counting = _CountingTemplate()

    def fake_get_template(name, *args, **kwargs):
        return counting if name == "forums/partials/_post.html" else get_template(name, *args, **kwargs)

    return counting, mock.patch("forums.selectors.post_html.get_template", side_effect=fake_get_template)


@pytest.mark.django_db
def test_a_page_of_posts_is_rendered_once_and_then_shared_by_readers_who_see_the_same():
    thread = ThreadFactory()
    for _ in range(4):
        reply_to(thread)
    counting, patch = _counting_posts()
    with patch:
        first = _client().get(thread.get_absolute_url()).content.decode()
        assert counting.renders == 5
        again = _client().get(thread.get_absolute_url()).content.decode()
        assert counting.renders == 5  # another visitor: every post from the cache
        _client(UserFactory()).get(thread.get_absolute_url())
        after_one_member = counting.renders
        _client(UserFactory()).get(thread.get_absolute_url())
        assert counting.renders == after_one_member  # a second ordinary member shares the first's copies
    assert first == again


@pytest.mark.django_db
def test_each_reader_gets_their_own_csrf_token_in_shared_posts_and_a_visitor_none():
    thread = ThreadFactory()
    reply_to(thread)
    one, two = _client(UserFactory()), _client(UserFactory())
    first = one.get(thread.get_absolute_url()).content.decode()
    second = two.get(thread.get_absolute_url()).content.decode()
    visitor = _client()
    visitors_page = visitor.get(thread.get_absolute_url())
    first_tokens, second_tokens = set(_TOKEN.findall(first)), set(_TOKEN.findall(second))
    assert first_tokens and second_tokens
    assert all(token not in second for token in first_tokens)
    # Every token on a member's page is one the server accepts for that member: a reaction works.
    post = thread.posts.get(position=2)
    answer = two.post(f"/posts/{post.pk}/react/", {"kind": "support", "csrfmiddlewaretoken": sorted(second_tokens)[0]})
    assert answer.status_code in {200, 302}
    assert "csrfmiddlewaretoken" not in visitors_page.content.decode()
    assert "csrftoken" not in visitors_page.cookies


@pytest.mark.django_db
def test_an_anonymous_post_says_you_only_to_its_author_and_the_same_to_everyone_else():
    author = UserFactory()
    thread = ThreadFactory()
    post = reply_to(thread, author=author, is_anonymous=True)
    own = _article(_client(author).get(thread.get_absolute_url()).content.decode(), post)
    others = [
        _article(_client(reader).get(thread.get_absolute_url()).content.decode(), post)
        for reader in (UserFactory(), UserFactory())
    ]
    visitor = _article(_client().get(thread.get_absolute_url()).content.decode(), post)
    assert "Anonymous member (you)" in own
    for article in [*others, visitor]:
        assert "(you)" not in article and author.username not in article
    assert _TOKEN.sub("", others[0]) == _TOKEN.sub("", others[1])


@pytest.mark.django_db
def test_the_kind_words_a_reader_sent_are_pressed_for_them_only():
    thread = ThreadFactory()
    post = reply_to(thread)
    sender, other = UserFactory(), UserFactory()
    Reaction.objects.create(post=post, member=sender, kind="support")
    senders = _article(_client(sender).get(thread.get_absolute_url()).content.decode(), post)
    others = _article(_client(other).get(thread.get_absolute_url()).content.decode(), post)
    assert 'value="support" class="btn btn-sm btn-outline-secondary reaction-button" aria-pressed="true"' in senders
    assert 'aria-pressed="true"' not in others
    # The author sees who sent it; nobody else does.
    authors = _article(_client(post.author).get(thread.get_absolute_url()).content.decode(), post)
    assert sender.username in authors and sender.username not in others


@pytest.mark.django_db
def test_a_reading_setting_folds_a_post_for_that_reader_only():
    thread = ThreadFactory()
    post = reply_to(thread, body="The storm came back tonight.")
    folding, plain = UserFactory(), UserFactory()
    _client(plain).get(thread.get_absolute_url())  # a copy for readers without the setting exists
    HiddenWord.objects.create(member=folding, word="storm")
    folded = _article(_client(folding).get(thread.get_absolute_url()).content.decode(), post)
    shown = _article(_client(plain).get(thread.get_absolute_url()).content.decode(), post)
    assert "<details" in folded and "contains a word you chose to hide" in folded
    assert "<details" not in shown


@pytest.mark.django_db
def test_an_edited_hidden_or_removed_post_shows_its_change_at_once():
    thread = ThreadFactory()
    post = reply_to(thread, body="First words.")
    reader = _client(UserFactory())
    assert "First words." in reader.get(thread.get_absolute_url()).content.decode()
    Post.objects.filter(pk=post.pk).update(body_html="<p>Second words.</p>", body_text="Second words.")
    page = reader.get(thread.get_absolute_url()).content.decode()
    assert "Second words." in page and "First words." not in page
    Post.objects.filter(pk=post.pk).update(content_warnings=["grief"])
    assert "Content warning:" in _article(reader.get(thread.get_absolute_url()).content.decode(), post) or (
        "Show post" in _article(reader.get(thread.get_absolute_url()).content.decode(), post)
    )
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    assert f'id="post-{post.pk}"' not in reader.get(thread.get_absolute_url()).content.decode()
    moderators_page = _client(ModeratorFactory()).get(thread.get_absolute_url()).content.decode()
    assert "Second words." in _article(moderators_page, post)
    Post.objects.filter(pk=post.pk).update(is_hidden=False, removed_by_author_at=timezone.now(), body_html="")
    assert "This post was removed by its author." in reader.get(thread.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_member_cannot_write_the_token_placeholder_into_a_post():
    from forums.selectors.post_html import csrf_placeholder

    thread = ThreadFactory()
    reply_to(thread, body="csrf" + "0" * 32 + " and safespace-csrf-token-for-this-reader")
    page = _client(UserFactory()).get(thread.get_absolute_url()).content.decode()
    assert csrf_placeholder() not in page
    assert "csrf" + "0" * 32 in page


def _row(html, thread):
    start = html.index(f'href="{thread.get_absolute_url()}"')
    return html[start : html.index("</li>", start)]


@pytest.mark.django_db
def test_a_board_page_renders_each_thread_row_once_and_shares_it():
    board_thread = ThreadFactory()
    for _ in range(3):
        ThreadFactory(board=board_thread.board)
    real = get_template("forums/partials/_thread_row.html")

    def fake_get_template(name, *args, **kwargs):
        return real if name == "forums/partials/_thread_row.html" else get_template(name, *args, **kwargs)

    with (
        mock.patch("forums.selectors.thread_rows.get_template", side_effect=fake_get_template),
        mock.patch.object(real, "render", wraps=real.render) as rendering,
    ):
        first = _client().get(board_thread.board.get_absolute_url()).content.decode()
        assert rendering.call_count == 4
        again = _client(UserFactory()).get(board_thread.board.get_absolute_url()).content.decode()
        assert rendering.call_count == 4  # a member sees the same rows as a visitor
    assert _row(first, board_thread) == _row(again, board_thread)


@pytest.mark.django_db
def test_a_thread_row_says_you_only_to_its_anonymous_starter_and_shows_a_new_reply_at_once():
    starter = UserFactory()
    thread = ThreadFactory(author=starter, is_anonymous=True)
    Post.objects.filter(thread=thread).update(is_anonymous=True)
    url = thread.board.get_absolute_url()
    own = _row(_client(starter).get(url).content.decode(), thread)
    other = _row(_client(UserFactory()).get(url).content.decode(), thread)
    assert "Anonymous member (you)" in own
    assert "(you)" not in other and starter.username not in other
    reply_to(thread, author=UserFactory(username="late_listener"))
    thread.refresh_from_db()
    assert thread.reply_count == 1
    row = _row(_client(UserFactory()).get(url).content.decode(), thread)
    assert "1 reply" in row and "late_listener" in row


@pytest.mark.django_db
def test_the_kept_reply_box_gives_each_page_its_own_tokens_and_each_member_their_own_owner(django_app):
    from forums.composer_session import owner_from_token

    thread = ThreadFactory()
    first, second = UserFactory(), UserFactory()
    pages = [django_app.get(thread.get_absolute_url(), user=member) for member in (first, first, second)]
    composers = [_reply_form(page, thread) for page in pages]
    tokens = [form["submission_token"].value for form in composers]
    assert len(set(tokens)) == 3 and all(len(token) == 36 for token in tokens)
    owners = [owner_from_token(form["composer_owner"].value) for form in composers]
    assert owners == [first.pk, first.pk, second.pk]
    # The last page's reply box posts, as its member, once.
    composers[2]["body"] = "Sending you strength tonight."
    composers[2].submit("action", value="post").follow()
    assert Post.objects.filter(thread=thread, author=second, body="Sending you strength tonight.").count() == 1


def _reply_form(page, thread):
    from django.urls import reverse

    action = reverse("forums:reply-create", args=[thread.pk])
    return next(form for form in page.forms.values() if (form.action or "").endswith(action))


@pytest.mark.django_db
def test_the_kept_header_shows_each_member_their_own_name_count_and_page_at_once():
    from forums.models import Notification

    thread = ThreadFactory()
    first, second = UserFactory(), UserFactory()
    one, two = _client(first), _client(second)
    url = thread.get_absolute_url() + "?page=1&x=<b>"
    page = one.get(url).content.decode()
    assert first.username in page and "notification-bell__count" not in page
    for _ in range(2):
        post = reply_to(thread)
        Notification.objects.create(
            recipient=first, actor=post.author, kind="reply", post=post, group_key=f"reply:{post.pk}"
        )
    from django.core.cache import cache

    cache.clear()  # the count itself is cached for a moment; the header follows it at once
    page = one.get(url).content.decode()
    assert '<span class="notification-bell__count">2<span' in page
    other = two.get(url).content.decode()
    assert second.username in other and first.username not in other
    assert "notification-bell__count" not in other
    # The forms in the header return to the page they were sent from, escaped.
    assert f'name="next" value="{thread.get_absolute_url()}?page=1&amp;x=%3Cb%3E"' in other
    assert all(token not in other for token in _TOKEN.findall(page))
    assert "Log in" in _client().get(url).content.decode()
