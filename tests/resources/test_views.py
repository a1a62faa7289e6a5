import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from django.urls import reverse

from forums.models import Notification, NotificationKind
from resources.forms import ResourceAdminForm, normalise_phone
from resources.jobs import check_resource_links, email_admins_overdue_reviews
from resources.models import MemberRegion, Resource, Status
from resources.services import archive_resources, publish_resources, refresh_help_snapshot
from tests.factories import AdminFactory, ResourceFactory


@pytest.fixture(autouse=True)
def _snapshot_in_tmp(tmp_path, settings):
    settings.RESOURCES_SNAPSHOT_PATH = tmp_path / "help-snapshot.json"


# --- the crisis page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_help_page_lists_the_regions_lines_first_with_tap_to_call(anon_client):
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB", "IE"], is_24_7=True)
    ResourceFactory(name="988 Lifeline", phone="988", countries=["US"], is_24_7=True)
    refresh_help_snapshot()
    anon_client.cookies["ss_region"] = "US"
    html = anon_client.get("/help/").content.decode()
    assert html.index("988 Lifeline") < html.index("Samaritans")
    assert 'href="tel:988"' in html
    assert "If you are in immediate danger, call your local emergency number now." in html


@pytest.mark.django_db
def test_help_page_renders_when_the_database_is_down(monkeypatch, django_db_blocker):
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB"], is_24_7=True)
    refresh_help_snapshot()
    from django.core.cache import cache

    cache.clear()  # only the snapshot file is left

    def refuse(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = Client(raise_request_exception=True).get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samaritans" in html and 'href="tel:116123"' in html


@pytest.mark.django_db
def test_help_page_gives_guidance_even_with_no_data(anon_client):
    html = anon_client.get("/help/").content.decode()
    assert "If you are in immediate danger" in html


# --- regions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_visitor_region_is_a_cookie_and_a_member_region_is_saved(anon_client, member_client, member):
    ResourceFactory(countries=["GB"])
    response = anon_client.post(reverse("resources:region-set"), {"region-country": "GB"})
    assert response.cookies["ss_region"].value == "GB"
    member_client.post(reverse("resources:region-set"), {"region-country": "GB"})
    assert MemberRegion.objects.get(member=member).country == "GB"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "back",
    ["help", "a\x00b", "/help/\nSet-Cookie: x=1", "https://elsewhere.example/", "//elsewhere.example/"],
    ids=["bare word", "NUL", "newline", "other host", "scheme-relative"],
)
def test_region_form_with_a_strange_return_address_goes_to_the_directory(anon_client, back):
    """A hand-made form may send anything as "next": the region is still saved and the person lands
    on the directory, never on a 500 or another site."""
    ResourceFactory(countries=["GB"])
    response = anon_client.post(reverse("resources:region-set"), {"region-country": "GB", "next": back})
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:list")
    assert response.cookies["ss_region"].value == "GB"


@pytest.mark.django_db
def test_region_form_returns_to_the_page_it_was_chosen_on(anon_client):
    response = anon_client.post(reverse("resources:region-set"), {"region-country": "", "next": "/help/?x=1"})
    assert response["Location"] == "/help/?x=1"


# --- suggestions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_suggestion_needs_a_way_to_check_it_and_keeps_what_was_typed(member_client):
    response = member_client.post(
        reverse("resources:suggest"),
        {"name": "Night Owls", "description": "A late chat group.", "kind": "support-group"},
    )
    html = response.content.decode()
    assert "Please add a website or a phone number" in html
    assert 'value="Night Owls"' in html
    assert not Resource.objects.exists()


@pytest.mark.django_db
def test_suggest_publish_and_the_member_is_told_once(member_client, member, django_capture_on_commit_callbacks):
    member_client.post(
        reverse("resources:suggest"),
        {"name": "Night Owls", "description": "A late chat group.", "kind": "support-group",
         "website": "https://nightowls.example.org", "country": "gb", "topics": ["loneliness"]},
    )  # fmt: skip
    resource = Resource.objects.get()
    assert resource.status == Status.DRAFT and resource.suggested_by == member
    with django_capture_on_commit_callbacks(execute=True):
        publish_resources([resource.pk], acting_user=AdminFactory())
    [notification] = Notification.objects.filter(recipient=member, kind=NotificationKind.SUGGESTION_PUBLISHED)
    assert "Night Owls" in notification.message
    assert len(mail.outbox) == 1
    assert "Night Owls" in mail.outbox[0].body and mail.outbox[0].to == [member.email]
    with django_capture_on_commit_callbacks(execute=True):
        archive_resources([resource.pk], acting_user=AdminFactory())
        publish_resources([resource.pk], acting_user=AdminFactory())  # published again: told only once
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_suggesting_needs_login(anon_client):
    response = anon_client.get(reverse("resources:suggest"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- admin curation --------------------------------------------------------------------------


def _admin_form(**overrides):
    data = {"name": "Line", "description": "d", "kind": "crisis-line", "time_zone": "Europe/London",
            "languages": "en", "cost": "free", "status": "draft"}  # fmt: skip
    data.update(overrides)
    return ResourceAdminForm(data)


@pytest.mark.django_db
def test_admin_validation_is_clear():
    form = _admin_form()
    assert not form.is_valid()
    assert "Add at least one way to reach it" in str(form.errors)
    form = _admin_form(website="http://insecure.example.org")
    assert not form.is_valid() and "must use https://" in str(form.errors["website"])
    form = _admin_form(phone="0044 (0)116 123 4567", time_zone="Mars/Olympus")
    assert not form.is_valid() and "Unknown time zone" in str(form.errors["time_zone"])
    form = _admin_form(phone="+44 116 123 4567")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+441161234567"


def test_phone_numbers_are_normalised():
    assert normalise_phone(" 116 123 ") == "116123"
    assert normalise_phone("+1 (800) 668-6868") == "+18006686868"
    assert normalise_phone("0044 20 7946 0000") == "+442079460000"
    with pytest.raises(Exception, match="3 to 15 digits"):
        normalise_phone("12")


@pytest.mark.django_db
def test_admin_bulk_actions_publish_archive_and_verify(admin_client, admin_user):
    first, second = ResourceFactory(status="draft"), ResourceFactory(status="draft")
    url = reverse("admin:resources_resource_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [first.pk, second.pk]})
    assert set(Resource.objects.values_list("status", flat=True)) == {"published"}
    admin_client.post(url, {"action": "mark_verified_today", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.verified_by == admin_user and first.next_review_due is not None
    admin_client.post(url, {"action": "archive", "_selected_action": [second.pk]})
    assert Resource.objects.get(pk=second.pk).status == "archived"
    assert admin_client.get(url + "?review=overdue").status_code == 200


@pytest.mark.django_db
def test_opening_hours_must_not_overlap(admin_client):
    resource = ResourceFactory()
    url = reverse("admin:resources_resource_change", args=[resource.pk])
    data = {
        "name": resource.name, "description": "d", "kind": "crisis-line", "phone": "+441234567890",
        "time_zone": "UTC", "languages": "en", "cost": "free", "status": "published",
        "topics-TOTAL_FORMS": 0, "topics-INITIAL_FORMS": 0, "regions-TOTAL_FORMS": 0, "regions-INITIAL_FORMS": 0,
        "opening_hours-TOTAL_FORMS": 2, "opening_hours-INITIAL_FORMS": 0,
        "opening_hours-0-weekday": 0, "opening_hours-0-opens": "09:00", "opening_hours-0-closes": "12:00",
        "opening_hours-1-weekday": 0, "opening_hours-1-opens": "11:00", "opening_hours-1-closes": "14:00",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert "Opening hours on the same day overlap" in response.content.decode()


# --- background work -------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_review_email_goes_to_each_admin_once_a_day():
    from datetime import date

    ResourceFactory(name="Stale line", next_review_due=date(2020, 1, 1))
    AdminFactory(), AdminFactory()
    assert email_admins_overdue_reviews() == 2
    assert email_admins_overdue_reviews() == 0
    assert len(mail.outbox) == 2 and "Stale line" in mail.outbox[0].body


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 - the stdlib's name
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.django_db
@override_settings(RESOURCES_LINK_CHECK_ALLOW_HTTP=True)
def test_link_check_records_which_websites_answer():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        good = ResourceFactory(website=f"{base}/ok")
        missing = ResourceFactory(website=f"{base}/gone")
        assert check_resource_links() == 2
    finally:
        server.shutdown()
        server.server_close()
    good.refresh_from_db()
    missing.refresh_from_db()
    assert good.link_ok is True and missing.link_ok is False
    assert good.link_checked_at is not None


@pytest.mark.django_db
def test_link_check_never_follows_plain_http_in_production_settings():
    resource = ResourceFactory(website="http://127.0.0.1:9/")
    check_resource_links()
    resource.refresh_from_db()
    assert resource.link_ok is False


@pytest.mark.django_db
def test_board_page_shows_resources_for_its_topic(anon_client):
    from tests.factories import BoardFactory

    board = BoardFactory(resource_topic="grief")
    ResourceFactory(name="Grief line", topics=["grief"], is_24_7=True)
    ResourceFactory(name="Recovery line", topics=["recovery"], is_24_7=True)
    ResourceFactory(name="Grief circle", kind="support-group", topics=["grief"])
    ResourceFactory(name="Recovery meetup", kind="support-group", topics=["recovery"])
    refresh_help_snapshot()
    html = anon_client.get(board.get_absolute_url()).content.decode()
    # Crisis lines are for everyone, the board's own topic first; other kinds of help follow the topic.
    assert html.index("Grief line") < html.index("Recovery line")
    assert "Grief circle" in html and "Recovery meetup" not in html
