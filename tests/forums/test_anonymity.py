"""An anonymous post must not reveal its author to anyone but the author: not in the thread, the
board, the board list, quotes, lists, profiles, or other members' data exports."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from forums.services.posts import create_reply
from tests.factories import BoardFactory, ThreadFactory, UserFactory, create_thread


def _client(user=None):
    client = Client()
    if user:
        client.force_login(user)
    return client


@pytest.fixture
def secret_author(db):
    return UserFactory(username="hidden_willow", bio="I like long walks.")


@pytest.fixture
def anonymous_thread(secret_author):
    board = BoardFactory()
    return create_thread(
        acting_user=secret_author,
        board=board,
        title="Something I can't say with my name",
        body="It's hard.",
        is_anonymous=True,
    )


@pytest.mark.django_db
def test_pseudonym_appears_in_no_page_others_see(secret_author, anonymous_thread, moderator):
    other = UserFactory()
    post = anonymous_thread.posts.get()
    pages = [
        "/",
        anonymous_thread.board.get_absolute_url(),
        anonymous_thread.get_absolute_url(),
        reverse("forums:reply-create", args=[anonymous_thread.pk]) + f"?quote={post.pk}",
        reverse("accounts:profile-detail", args=[secret_author.username]),
    ]
    for viewer in (None, other, moderator):
        client = _client(viewer)
        for url in pages:
            response = client.get(url)
            if response.status_code == 302:
                continue  # visitors are sent to log in for the reply page
            html = response.content.decode()
            if url.startswith("/members/"):
                assert anonymous_thread.title not in html, "an anonymous thread is listed on its author's profile"
                continue
            assert secret_author.username not in html, f"{url} shows the author to {viewer}"
            assert "Anonymous member" in html


@pytest.mark.django_db
def test_anonymous_reply_is_anonymous_in_quotes_and_last_post(secret_author):
    thread = ThreadFactory()
    reply = create_reply(thread, acting_user=secret_author, body="Quietly: me too.", is_anonymous=True)
    reader = UserFactory()
    quote_page = (
        _client(reader).get(reverse("forums:reply-create", args=[thread.pk]) + f"?quote={reply.pk}").content.decode()
    )
    assert "**Anonymous member** wrote:" in quote_page
    assert secret_author.username not in quote_page
    for url in ("/", thread.board.get_absolute_url()):
        assert secret_author.username not in _client(reader).get(url).content.decode()


@pytest.mark.django_db
def test_the_author_sees_their_anonymous_post_as_theirs(secret_author, anonymous_thread):
    html = _client(secret_author).get(anonymous_thread.get_absolute_url()).content.decode()
    assert "Anonymous member (you)" in html
    assert "Edit" in html


@pytest.mark.django_db
def test_other_members_export_does_not_name_an_anonymous_author(secret_author, anonymous_thread):
    reader = UserFactory()
    create_reply(anonymous_thread, acting_user=reader, body="Here with you.")
    data = _client(reader).post(reverse("accounts:data-export")).content.decode()
    assert secret_author.username not in data
    own = json.loads(_client(secret_author).post(reverse("accounts:data-export")).content)
    assert own["posts"][0]["anonymous"] is True
