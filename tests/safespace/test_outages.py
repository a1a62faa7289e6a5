"""The way to help survives every outage, and bad input gets our own pages, never a bare 500."""

from html import unescape

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from resources.services import refresh_help_snapshot
from tests.factories import ResourceFactory, UserFactory


@pytest.fixture(autouse=True)
def _snapshot_in_tmp(tmp_path, settings):
    settings.RESOURCES_SNAPSHOT_PATH = tmp_path / "help-snapshot.json"


@pytest.fixture
def crisis_lines(db):
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB", "IE"], is_24_7=True)
    ResourceFactory(name="988 Lifeline", phone="988", countries=["US"], is_24_7=True)
    refresh_help_snapshot()


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does when PostgreSQL has stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    def stop():
        monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    return stop


def _logged_in_client():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "visitor"])
def test_help_page_shows_crisis_lines_while_the_database_is_down(crisis_lines, database_down, who):
    client = _logged_in_client() if who == "member" else Client(raise_request_exception=False)
    client.cookies["ss_region"] = "US"
    database_down()
    response = client.get("/help/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'href="tel:988"' in html and "Samaritans" in html
    assert html.index("988 Lifeline") < html.index("Samaritans")


@pytest.mark.django_db
def test_help_pages_never_read_the_session_or_the_database(crisis_lines, django_assert_num_queries):
    client = _logged_in_client()
    with django_assert_num_queries(0):
        response = client.get("/help/")
    assert response.status_code == 200
    # The member's session is left as it was: they are still logged in everywhere else.
    assert client.get("/notifications/").status_code == 200


@pytest.mark.django_db
def test_a_database_outage_answers_503_with_the_crisis_lines_inline(crisis_lines, database_down):
    client = _logged_in_client()
    database_down()
    response = client.get("/")
    assert response.status_code == 503
    html = unescape(response.content.decode())
    assert "Safe Space is having trouble right now" in html
    assert 'href="tel:116123"' in html and 'href="tel:988"' in html
    assert response["Retry-After"]


@pytest.mark.django_db
def test_the_500_page_carries_the_crisis_lines_inline(crisis_lines, monkeypatch):
    from forums.views import boards as reading

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reading, "board_list_for_index", explode)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = unescape(response.content.decode())
    assert "Something went wrong on our side" in html
    assert 'href="tel:116123"' in html and "data-quick-exit" in html


@pytest.mark.django_db
def test_logging_in_during_a_database_outage_gets_the_calm_503_page(crisis_lines, database_down):
    client = Client(raise_request_exception=False)
    database_down()
    response = client.post("/accounts/login/", {"login": "someone", "password": "a password here"})
    assert response.status_code == 503
    assert 'href="tel:988"' in unescape(response.content.decode())


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/members/a%00b/", "/members/a%00b/report/", "/members/a%00b/mute/", "/threads/%01/", "/help/%00", "/%7F"],
)
def test_control_characters_in_a_path_answer_a_friendly_404(path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404
    assert "We couldn't find that page" in unescape(response.content.decode())


@pytest.mark.django_db
def test_an_overlong_url_answers_our_own_414_page():
    response = Client(raise_request_exception=False).get("/search/?q=" + "a" * 5000)
    assert response.status_code == 414
    assert "That address is too long" in unescape(response.content.decode())


@pytest.mark.django_db
def test_a_body_too_large_to_read_answers_413_and_says_the_words_are_kept(member_client, thread, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    member_client.raise_request_exception = False
    response = member_client.post(f"/threads/{thread.pk}/reply/", {"body": "x" * 20_000})
    assert response.status_code == 413
    html = unescape(response.content.decode())
    assert "Your words are not lost" in html
    assert "Bad Request" not in html


@pytest.mark.django_db
def test_a_malformed_request_answers_our_own_400_page():
    response = Client(raise_request_exception=False).get("/", headers={"host": "bad host name"})
    assert response.status_code == 400
    assert "We couldn't read that request" in unescape(response.content.decode())
