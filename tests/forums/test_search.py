import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import Post, Thread
from forums.selectors.search import search_posts
from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to

ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking needs PostgreSQL")


def _search(client, **params):
    return client.get(reverse("forums:search"), params).content.decode()


@pytest.mark.django_db
def test_finds_posts_by_their_words_and_threads_by_title(anon_client):
    thread = ThreadFactory(title="Panic attacks on the bus")
    reply_to(thread, body="Breathing slowly helped me on the train.")
    reply_to(ThreadFactory(), body="Nothing to do with it.")
    html = _search(anon_client, q="breathing")
    assert "Breathing slowly helped me on the train." in html and "1 result" in html
    assert "Panic attacks on the bus" in _search(anon_client, q="panic")


@pytest.mark.django_db
def test_hidden_held_removed_and_hidden_thread_posts_never_appear(member):
    thread = ThreadFactory()
    reply_to(thread, body="marigold hidden", is_hidden=True)
    reply_to(thread, body="marigold pending", is_pending_approval=True, author=member)
    reply_to(thread, body="marigold removed", removed_by_author_at="2026-01-01T00:00:00Z")
    hidden_thread = ThreadFactory()
    reply_to(hidden_thread, body="marigold in a hidden thread")
    Thread.objects.filter(pk=hidden_thread.pk).update(is_hidden=True)
    reply_to(thread, body="marigold visible")
    for viewer in (Client(), _logged_in(member)):
        html = _search(viewer, q="marigold")
        assert "marigold visible" in html
        for text in ("marigold hidden", "marigold pending", "marigold removed", "hidden thread"):
            assert text not in html


@pytest.mark.django_db
def test_members_only_boards_are_searched_for_members_only(member):
    ThreadFactory(board=BoardFactory(members_only=True), title="Lantern evenings")
    assert "Lantern evenings" not in _search(Client(), q="lantern")
    assert "Lantern evenings" in _search(_logged_in(member), q="lantern")


@pytest.mark.django_db
def test_anonymous_posts_are_found_by_text_but_never_by_author():
    author = UserFactory(username="secret_fern")
    reply_to(ThreadFactory(), author=author, body="My quiet confession about tulips", is_anonymous=True)
    html = _search(Client(), q="tulips")
    assert "My quiet confession about tulips" in html
    assert "Anonymous member" in html and "secret_fern" not in html
    assert "1 result" not in _search(Client(), q="secret_fern")


@pytest.mark.django_db
def test_board_and_date_filters():
    calm = BoardFactory(name="Calm", slug="calm")
    in_calm = reply_to(ThreadFactory(board=calm), body="willow tree")
    reply_to(ThreadFactory(), body="willow elsewhere")
    assert [p.pk for p in search_posts(viewer=UserFactory(), query="willow", board=calm)] == [in_calm.pk]
    Post.objects.filter(pk=in_calm.pk).update(created_at="2025-01-10T12:00:00Z")
    html = _search(Client(), q="willow", since="2025-01-01", until="2025-01-31")
    assert "willow tree" in html and "willow elsewhere" not in html
    html = _search(Client(), q="willow", since="2025-02-01", until="2025-01-01")
    assert "The end date is before the start date." in html


@pytest.mark.django_db
def test_empty_query_asks_gently_and_shows_no_results(anon_client):
    html = _search(anon_client, q="   ")
    assert "Searches are private" in html and "result" not in html


@pytest.mark.django_db
def test_search_snippet_is_plain_text_and_escaped(anon_client):
    reply_to(ThreadFactory(), body="**bold** <script>alert(1)</script> saffron")
    html = _search(anon_client, q="saffron")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@ON_POSTGRES
@pytest.mark.django_db
def test_ranking_prefers_a_title_match_and_understands_word_forms():
    best = ThreadFactory(title="Sleeping badly")
    reply_to(ThreadFactory(), body="The sleeps I had were short")
    reply_to(ThreadFactory(), body="Nothing about rest here")
    results = list(search_posts(viewer=UserFactory(), query="sleep"))
    assert len(results) == 2  # "sleeping" and "sleeps" share the stem of "sleep"
    assert results[0] == best.posts.get()  # a title match ranks first


@pytest.mark.django_db
def test_search_page_query_count_is_constant(anon_client):
    reply_to(ThreadFactory(), body="heron at dawn")
    with CaptureQueriesContext(connection) as one:
        _search(anon_client, q="heron")
    for _ in range(30):
        reply_to(ThreadFactory(is_anonymous=True), body="heron at dawn again")
    with CaptureQueriesContext(connection) as many:
        _search(anon_client, q="heron")
    assert len(one) == len(many) <= 8


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_search_form_keeps_what_was_typed_and_ties_its_error_to_the_field(django_app):
    calm = BoardFactory(name="Calm corner", slug="calm-corner")
    reply_to(ThreadFactory(board=calm), body="a kingfisher at dawn")
    form = django_app.get(reverse("forums:search")).forms[1]
    offered = {value: label for value, _selected, label in form["board"].options}
    assert offered[""] == "All boards" and offered["calm-corner"] == "Calm corner"
    form["q"] = "kingfisher"
    form["board"].select("calm-corner")
    form["since"] = "2030-02-01"
    form["until"] = "2030-01-01"
    answer = form.submit()
    until = answer.html.select_one("#id_until")
    assert "is-invalid" in until["class"] and until["aria-invalid"] == "true"
    assert answer.html.select_one(f"#{until['aria-describedby']}").get_text(strip=True) == (
        "The end date is before the start date."
    )
    kept = answer.forms[1]
    assert kept["q"].value == "kingfisher" and kept["board"].value == "calm-corner"
    assert kept["since"].value == "2030-02-01"
    kept["since"], kept["until"] = "", ""
    found = kept.submit()
    assert "a kingfisher at dawn" in found.text and found.html.select_one("#id_until")["class"] == ["form-control"]
