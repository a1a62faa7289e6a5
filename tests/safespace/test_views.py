import json

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

PAGES = ["/", "/guidelines/", "/help/", "/accounts/login/", "/accounts/signup/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_a_strict_content_security_policy(anon_client, path):
    response = anon_client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_offers_quick_exit_and_help_right_after_the_skip_link(anon_client, path):
    html = anon_client.get(path).content.decode()
    skip = html.index('href="#main"')
    quick_exit = html.index("data-quick-exit")
    assert skip < quick_exit < html.index("<header")
    assert 'href="https://weather.com/"' in html
    assert reverse("resources:help") in html
    assert "<script>" not in html and " onclick=" not in html  # no inline scripts under our CSP


@pytest.mark.django_db
@override_settings(QUICK_EXIT_URL="https://example.org/forecast")
def test_quick_exit_url_is_configurable(anon_client):
    html = anon_client.get("/").content.decode()
    assert 'content="https://example.org/forecast"' in html
    assert 'href="https://example.org/forecast"' in html


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_without_secrets(anon_client):
    response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_reports_a_database_outage(anon_client, monkeypatch):
    from safespace import views

    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("down")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: BrokenCursor())
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


@pytest.mark.django_db
def test_missing_page_is_a_friendly_404(anon_client):
    response = anon_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.django_db
def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    from safespace.views import server_error

    with django_assert_num_queries(0):
        response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_server_error_is_served_through_the_handler(monkeypatch):
    from forums.views import boards as forum_views

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(forum_views, "board_list_for_index", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_is_calm_and_offers_a_way_on(rf, member):
    from django.core.exceptions import PermissionDenied

    from safespace.views import permission_denied

    request = rf.get("/somewhere/")
    request.user = member
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page isn't available to you" in html
    assert reverse("resources:help") in html
