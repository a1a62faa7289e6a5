"""CSP violations reach our own endpoint, are logged with the page and the directive and nothing
about the member, and the endpoint cannot be used to flood the log."""

import json

import pytest
from django.test import Client


def _legacy_report(page="https://safespace.example.org/search/?q=self+harm", blocked="https://evil.example/x.js"):
    return json.dumps(
        {
            "csp-report": {
                "document-uri": page,
                "violated-directive": "script-src-elem",
                "effective-directive": "script-src-elem",
                "blocked-uri": blocked,
                "referrer": "https://safespace.example.org/threads/5/?from=member-name",
            }
        }
    )


@pytest.mark.django_db
def test_every_page_asks_browsers_to_report_violations_to_us(anon_client):
    csp = anon_client.get("/").headers["Content-Security-Policy"]
    assert "report-uri /csp-report/" in csp


@pytest.mark.django_db
def test_a_violation_is_logged_with_page_and_directive_and_no_member_data(caplog, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/csp-report/", _legacy_report(), content_type="application/csp-report")
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "safespace.csp"]
    line = record.getMessage()
    assert line == "CSP violation on /search/: script-src-elem blocked https://evil.example"
    for private in ("self", "harm", "member-name", member.username, "127.0.0.1"):
        assert private not in line


@pytest.mark.django_db
def test_reporting_api_reports_are_read_too(caplog):
    body = json.dumps(
        [
            {
                "type": "csp-violation",
                "body": {"documentURL": "https://x.org/help/", "effectiveDirective": "img-src", "blockedURL": "data"},
            }
        ]
    )
    assert Client().post("/csp-report/", body, content_type="application/reports+json").status_code == 204
    assert [r.getMessage() for r in caplog.records if r.name == "safespace.csp"] == [
        "CSP violation on /help/: img-src blocked data"
    ]


@pytest.mark.django_db
def test_the_endpoint_is_rate_limited_per_client(caplog):
    client = Client()
    for _ in range(50):
        assert client.post("/csp-report/", _legacy_report(), content_type="application/csp-report").status_code == 204
    assert len([r for r in caplog.records if r.name == "safespace.csp"]) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["not json", json.dumps({"other": 1}), json.dumps([1, 2]), "x" * 40_000])
def test_garbage_is_ignored_quietly(caplog, body):
    assert Client().post("/csp-report/", body, content_type="application/json").status_code == 204
    assert not [r for r in caplog.records if r.name == "safespace.csp"]


@pytest.mark.django_db
def test_only_post_is_accepted(anon_client):
    assert anon_client.get("/csp-report/").status_code == 405
