"""Crisis lines that fit the reader: the international set with no region chosen, the region
picker beside every list of crisis lines, and the snapshot that carries formatted numbers."""

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from forums.models import Post
from moderation.models import WatchedAction, WatchedWord
from resources.demo import seed_resources
from resources.models import MemberRegion
from resources.selectors import crisis_lines_for_reader, crisis_resources_for_region, crisis_snapshot
from resources.services import refresh_help_snapshot
from tests.factories import BoardFactory, ResourceFactory, ThreadFactory, UserFactory

MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture(autouse=True)
def _snapshot_in_tmp(tmp_path, settings):
    settings.RESOURCES_SNAPSHOT_PATH = tmp_path / "help-snapshot.json"


def _names(entries):
    return [entry["name"] for entry in entries]


def _form_posting_to(page, url):
    return next(form for form in page.forms.values() if form.action == url)


def _composer(page):
    return next(form for form in page.forms.values() if "body" in form.fields)


# --- the order lines are shown in ------------------------------------------------------------


@pytest.mark.django_db
def test_crisis_lines_with_no_region_start_with_one_line_per_country_including_samaritans():
    seed_resources()
    refresh_help_snapshot()
    first_four = crisis_resources_for_region("")[:4]
    assert "Samaritans" in _names(first_four)
    countries = [set(entry["countries"]) for entry in first_four]
    assert set().union(*countries) >= {"GB", "IE", "US", "CA", "AU"}
    assert sum(len(c) for c in countries) == len(set().union(*countries))  # no country twice


@pytest.mark.django_db
def test_crisis_lines_with_no_region_spread_over_countries_whatever_the_names():
    # Many lines in one country, sorted first by name, must not crowd out the others.
    for letter in "ABCDE":
        ResourceFactory(name=f"{letter} US line", phone="988", countries=["US"], is_24_7=True)
    ResourceFactory(name="Z Irish line", phone="116123", countries=["IE"], is_24_7=True)
    ResourceFactory(name="Y Kiwi line", phone="1737", countries=["NZ"], is_24_7=True)
    refresh_help_snapshot()
    first_three = _names(crisis_resources_for_region("", now=MONDAY_NOON)[:3])
    assert set(first_three) == {"A US line", "Y Kiwi line", "Z Irish line"}
    assert len(crisis_resources_for_region("", now=MONDAY_NOON)) == 7  # /help/ still lists every line


@pytest.mark.django_db
def test_crisis_lines_with_no_region_prefer_an_open_phone_line_for_each_country():
    ResourceFactory(name="A closed line", phone="+442079460000", countries=["GB"], hours=[(6, time(1), time(2))])
    ResourceFactory(name="B text service", kind="text-service", phone="", sms_number="85258", countries=["GB"],
                    is_24_7=True)  # fmt: skip
    ResourceFactory(name="C open line", phone="116123", countries=["GB"], is_24_7=True)
    refresh_help_snapshot()
    ordered = _names(crisis_resources_for_region("", now=MONDAY_NOON))
    assert ordered == ["C open line", "B text service", "A closed line"]


@pytest.mark.django_db
def test_crisis_lines_for_a_region_put_its_lines_first_then_anywhere_then_the_rest():
    ResourceFactory(name="US line", phone="988", countries=["US"], is_24_7=True)
    ResourceFactory(name="Online chat", phone="", website="https://chat.example.org", countries=["*"], is_24_7=True)
    ResourceFactory(name="Irish line", phone="116123", countries=["GB", "IE"], is_24_7=True)
    refresh_help_snapshot()
    assert _names(crisis_resources_for_region("ie")) == ["Irish line", "Online chat", "US line"]
    assert _names(crisis_resources_for_region("US")) == ["US line", "Online chat", "Irish line"]


@pytest.mark.django_db
def test_crisis_lines_for_a_region_we_list_nothing_for_fall_back_to_the_international_set():
    ResourceFactory(name="A US line", phone="988", countries=["US"], is_24_7=True)
    ResourceFactory(name="B US line", phone="988", countries=["US"], is_24_7=True)
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB", "IE"], is_24_7=True)
    refresh_help_snapshot()
    lines = crisis_lines_for_reader("DE", limit=2)
    assert _names(lines) == ["Samaritans", "A US line"]
    choice = lines.region_choice
    assert choice.region == "DE" and choice.region_name == "Germany" and not choice.has_lines
    assert ("DE", "Germany") in choice.choices  # still selected in the picker
    assert crisis_lines_for_reader("GB").region_choice.has_lines


@pytest.mark.django_db
def test_region_picker_offers_the_countries_the_crisis_lines_serve_by_name():
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB", "IE"], is_24_7=True)
    ResourceFactory(name="Online chat", phone="", website="https://chat.example.org", countries=["*"])
    ResourceFactory(name="A group", kind="support-group", countries=["FR"])  # not a crisis line
    refresh_help_snapshot()
    choice = crisis_lines_for_reader("", next_url="/help/").region_choice
    assert choice.choices == [("IE", "Ireland"), ("GB", "United Kingdom")]
    assert choice.region == "" and choice.next_url == "/help/"


# --- the snapshot ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_snapshot_carries_numbers_formatted_and_linked_once(settings):
    seed_resources()
    data = {entry["name"]: entry for entry in refresh_help_snapshot()}
    samaritans, kids = data["Samaritans"], data["Kids Help Phone"]
    assert (samaritans["phone_display"], samaritans["phone_href"]) == ("116 123", "tel:116123")
    assert (kids["phone_display"], kids["phone_href"]) == ("1800 668 6868", "tel:+18006686868")
    assert kids["sms_href"] == "sms:686868?body=CONNECT"
    assert data["Crisis Text Line"]["sms_display"] == "741 741"
    fictional = data["Riverside Evening Listening Line (demo)"]
    assert fictional["phone_display"] == "+441632960123" and fictional["phone_href"] == ""
    on_disk = json.loads(settings.RESOURCES_SNAPSHOT_PATH.read_text())
    assert {e["name"]: e["phone_display"] for e in on_disk}["Samaritans"] == "116 123"


def test_snapshot_from_an_older_release_is_read_with_numbers_formatted(settings):
    cache.clear()
    older = {"name": "Samaritans", "description": "", "kind": "crisis-line", "phone": "116123", "sms_number": "",
             "sms_keyword": "", "sms_href": "", "website": "", "email": "", "is_24_7": True, "time_zone": "UTC",
             "countries": ["GB", "IE"], "hours": [], "languages": ["en"], "last_verified_on": None}  # fmt: skip
    settings.RESOURCES_SNAPSHOT_PATH.write_text(json.dumps([older]))
    [entry] = crisis_snapshot()
    assert entry["phone_display"] == "116 123" and entry["phone_href"] == "tel:116123"
    cache.clear()


# --- the pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_help_page_with_no_region_shows_samaritans_formatted_numbers_and_the_region_picker(anon_client):
    seed_resources()
    refresh_help_snapshot()
    html = anon_client.get(reverse("resources:help")).content.decode()
    assert "Samaritans" in html and 'href="tel:116123"' in html and "Call 116 123" in html
    assert 'href="tel:+18006686868"' in html and "Call 1800 668 6868" in html
    assert "Call 18006686868" not in html
    assert "These lines are from several countries. Choose yours to see its crisis lines first." in html
    assert 'name="region-country"' in html and 'value="/help/"' in html


@pytest.mark.django_db
def test_visitor_chooses_a_region_from_the_help_page_and_its_lines_come_first(django_app):
    seed_resources()
    refresh_help_snapshot()
    page = django_app.get(reverse("resources:help"))
    form = _form_posting_to(page, reverse("resources:region-set"))
    offered = [value for value, _selected, _text in form["region-country"].options]
    assert {"GB", "IE", "US", "CA", "AU"} <= set(offered)
    form["region-country"].select("IE")
    result = form.submit().follow()
    assert result.request.path == reverse("resources:help")
    assert "Your region is saved." in result.text
    assert "Showing crisis lines for Ireland first." in result.text
    first_line = result.html.select(".help-list .card h3")[0].get_text()
    assert first_line == "Samaritans"
    assert django_app.cookies["ss_region"] == "IE"
    # And back to "several countries".
    form = _form_posting_to(result, reverse("resources:region-set"))
    assert form["region-country"].value == "IE"
    form["region-country"].select("")
    cleared = form.submit().follow()
    assert "Your region is cleared." in cleared.text and "ss_region" not in django_app.cookies


@pytest.mark.django_db
def test_help_page_renders_the_picker_and_formatted_numbers_when_the_database_is_down(monkeypatch):
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB", "IE"], is_24_7=True)
    refresh_help_snapshot()
    cache.clear()  # only the snapshot file is left

    def refuse(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = Client(raise_request_exception=True).get("/help/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Call 116 123" in html and 'href="tel:116123"' in html
    assert '<option value="GB">United Kingdom</option>' in html


@pytest.mark.django_db
def test_region_choice_only_returns_to_a_page_of_this_site(anon_client):
    ResourceFactory(name="Samaritans", phone="116123", countries=["GB"], is_24_7=True)
    refresh_help_snapshot()
    url = reverse("resources:region-set")
    away = anon_client.post(url, {"region-country": "GB", "next": "https://elsewhere.example.org/"})
    assert away["Location"] == reverse("resources:list")
    board = anon_client.post(url, {"region-country": "GB", "next": "/boards/grief/"})
    assert board["Location"] == "/boards/grief/"


@pytest.mark.django_db
def test_member_chooses_a_region_in_the_crisis_panel_and_keeps_every_word(django_app):
    seed_resources()
    refresh_help_snapshot()
    WatchedWord.objects.create(phrase=r"\bwant to die\b", is_pattern=True, action=WatchedAction.CRISIS)
    member = UserFactory(username="ash")
    thread = ThreadFactory()
    body = "Some nights I want to die.\nI don't know who else to tell."
    composer = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=member)
    form = _composer(composer)
    form["body"] = body
    panel = form.submit("action", value="post")
    assert "Before you post: are you safe right now?" in panel.text
    lines = [h.get_text() for h in panel.html.select(".before-posting strong")]
    assert "Samaritans" in lines
    form = _composer(panel)
    offered = [value for value, _selected, _text in form["crisis-region-country"].options]
    assert "AU" in offered
    form["crisis-region-country"].select("AU")
    again = form.submit("action", value="crisis-region")
    assert "Before you post: are you safe right now?" in again.text
    assert "Showing crisis lines for Australia first." in again.text
    assert again.html.select(".before-posting li strong")[0].get_text() == "Lifeline Australia"
    assert 'href="tel:131114"' in again.text and "Call 13 11 14" in again.text
    assert _composer(again)["body"].value == body
    assert MemberRegion.objects.get(member=member).country == "AU"
    assert thread.posts.count() == 1  # nothing posted by choosing a region
    posted = _composer(again).submit("action", value="post").maybe_follow()
    assert "Your reply is posted." in posted.text
    assert Post.objects.filter(thread=thread, body=body).exists()


@pytest.mark.django_db
def test_visitor_chooses_a_region_in_a_board_sidebar_and_stays_on_the_board(django_app):
    seed_resources()
    refresh_help_snapshot()
    board = BoardFactory(slug="hard-nights", resource_topic="grief")
    page = django_app.get(board.get_absolute_url())
    sidebar = page.html.select_one("aside")
    names = [strong.get_text() for strong in sidebar.select("li strong")]
    assert names[:3] == ["Samaritans", "988 Suicide & Crisis Lifeline", "Kids Help Phone"]  # several countries
    assert "Harbour Grief Circle (demo)" in names  # and the board's own kind of help
    assert sidebar.select_one('a[href="tel:116123"]').get_text() == "Call 116 123"
    form = _form_posting_to(page, reverse("resources:region-set"))
    form["region-country"].select("CA")
    back = form.submit().follow()
    assert back.request.path == board.get_absolute_url()
    assert back.html.select_one("aside li strong").get_text() == "Kids Help Phone"
    assert "1800 668 6868" in back.html.select_one("aside").get_text()


@pytest.mark.django_db
def test_board_without_a_topic_still_offers_crisis_lines_and_the_region_picker(anon_client):
    seed_resources()
    refresh_help_snapshot()
    html = anon_client.get(BoardFactory(resource_topic="").get_absolute_url()).content.decode()
    assert "If you need to talk to someone now" in html and 'href="tel:116123"' in html
    assert 'name="region-country"' in html


@pytest.mark.django_db
def test_worried_page_with_no_region_shows_samaritans_and_the_region_picker(member_client):
    seed_resources()
    refresh_help_snapshot()
    post = ThreadFactory().posts.get()
    response = member_client.post(
        reverse("moderation:report-post", args=[post.pk]), {"reason": "worried", "note": ""}, follow=True
    )
    html = response.content.decode()
    assert "Thank you for looking out for someone" in html
    assert "Samaritans" in html and "Call 116 123" in html
    assert "Choose yours to see its crisis lines first." in html


@pytest.mark.django_db
def test_crisis_lines_for_a_board_put_its_topic_first_among_equals():
    ResourceFactory(name="A general line", phone="988", countries=["US"], is_24_7=True, topics=["general"])
    ResourceFactory(name="B bereavement line", phone="988", countries=["US"], is_24_7=True, topics=["grief"])
    ResourceFactory(name="C UK line", phone="116123", countries=["GB"], is_24_7=True, topics=["general"])
    refresh_help_snapshot()
    assert _names(crisis_resources_for_region("US", topic="grief")) == ["B bereavement line", "A general line",
                                                                        "C UK line"]  # fmt: skip
    assert _names(crisis_resources_for_region("", topic="grief"))[:2] == ["B bereavement line", "C UK line"]
    assert _names(crisis_resources_for_region("", topic=""))[:2] == ["A general line", "C UK line"]
