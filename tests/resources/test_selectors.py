from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resources.hours import snapshot_is_open
from resources.models import Resource
from resources.selectors import DirectoryFilters, resource_list_for_directory, resource_list_for_topic
from resources.services import refresh_help_snapshot
from tests.factories import ResourceFactory

UTC = ZoneInfo("UTC")


def _names(**filters):
    return [r.name for r in resource_list_for_directory(filters=DirectoryFilters(**filters))]


@pytest.mark.django_db
def test_each_filter_narrows_the_directory():
    ResourceFactory(name="UK line", countries=["GB"], topics=["grief"], cost="free", languages="en")
    ResourceFactory(name="US group", kind="support-group", countries=["US"], topics=["recovery"], cost="paid",
                    languages="en,es", is_24_7=True)  # fmt: skip
    ResourceFactory(name="Anywhere reading", kind="reading", countries=["*"], topics=["anxiety"], cost="low")
    assert _names(kind="support-group") == ["US group"]
    assert _names(topic="grief") == ["UK line"]
    assert _names(country="gb") == ["UK line", "Anywhere reading"]  # online/anywhere serves every region
    assert _names(language="es") == ["US group"]
    assert _names(cost="low") == ["Anywhere reading"]
    assert _names(always_open=True) == ["US group"]
    assert _names(text="reading") == ["Anywhere reading"]


@pytest.mark.django_db
def test_drafts_archived_and_past_events_never_show():
    ResourceFactory(name="Draft", status="draft")
    ResourceFactory(name="Archived", status="archived")
    ResourceFactory(name="Past workshop", kind="workshop", ends_at=timezone.now() - timedelta(days=1))
    ResourceFactory(name="Future workshop", kind="workshop", ends_at=timezone.now() + timedelta(days=3))
    assert _names() == ["Future workshop"]


@pytest.mark.django_db
def test_region_first_then_open_now():
    ResourceFactory(name="A elsewhere", countries=["US"], is_24_7=True)
    ResourceFactory(name="B local closed", countries=["GB"], hours=[(0, time(9), time(10))])
    ResourceFactory(name="C local open", countries=["GB"], is_24_7=True)
    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    results = resource_list_for_directory(filters=DirectoryFilters(country="GB"), now=monday_noon)
    assert [r.name for r in results] == ["C local open", "B local closed"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("Europe/London")), True),  # Friday evening
        (datetime(2026, 11, 21, 1, 30, tzinfo=ZoneInfo("Europe/London")), True),  # after midnight, Saturday
        (datetime(2026, 11, 21, 2, 30, tzinfo=ZoneInfo("Europe/London")), False),
        (datetime(2026, 11, 20, 17, 59, tzinfo=ZoneInfo("Europe/London")), False),
        (datetime(2026, 11, 17, 1, 0, tzinfo=ZoneInfo("Europe/London")), False),  # Tuesday 01:00: Monday has no hours
    ],
)
def test_open_now_across_midnight(moment, expected):
    resource = ResourceFactory(time_zone="Europe/London", hours=[(4, time(18), time(2)), (5, time(18), time(2))])
    assert resource.is_open_at(moment) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utc_moment", "zone", "expected"),
    [
        # New York springs forward on 8 March 2026: 09:30 local is 13:30 UTC (EDT), not 14:30.
        (datetime(2026, 3, 8, 13, 30, tzinfo=UTC), "America/New_York", True),
        (datetime(2026, 3, 8, 12, 30, tzinfo=UTC), "America/New_York", False),
        # ...and falls back on 1 November 2026: 09:30 local is 14:30 UTC (EST).
        (datetime(2026, 11, 1, 14, 30, tzinfo=UTC), "America/New_York", True),
        (datetime(2026, 11, 1, 13, 30, tzinfo=UTC), "America/New_York", False),
        # London: BST begins 29 March 2026 (09:30 local = 08:30 UTC), ends 25 October 2026.
        (datetime(2026, 3, 29, 8, 30, tzinfo=UTC), "Europe/London", True),
        (datetime(2026, 10, 25, 8, 30, tzinfo=UTC), "Europe/London", False),
        (datetime(2026, 10, 25, 9, 30, tzinfo=UTC), "Europe/London", True),
    ],
)
def test_open_now_on_daylight_saving_change_days(utc_moment, zone, expected):
    weekday = utc_moment.astimezone(ZoneInfo(zone)).weekday()
    resource = ResourceFactory(time_zone=zone, hours=[(weekday, time(9), time(17))])
    assert resource.is_open_at(utc_moment) is expected


@pytest.mark.django_db
def test_snapshot_hours_agree_with_the_model():
    ResourceFactory(name="Night line", time_zone="Australia/Sydney", hours=[(6, time(20), time(4))])
    [entry] = refresh_help_snapshot()
    resource = Resource.objects.get()
    start = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)
    for hour in range(0, 24 * 8):
        moment = start + timedelta(hours=hour)
        assert snapshot_is_open(entry, moment) == resource.is_open_at(moment), moment


@pytest.mark.django_db
def test_board_sidebar_puts_crisis_lines_first():
    ResourceFactory(name="A group", kind="support-group", topics=["grief"])
    ResourceFactory(name="Z line", topics=["grief"])
    assert [r.name for r in resource_list_for_topic(topic="grief")] == ["Z line", "A group"]
    assert resource_list_for_topic(topic="") == []


@pytest.mark.django_db
def test_directory_query_count_is_constant(anon_client):
    ResourceFactory(countries=["GB"], topics=["grief"], hours=[(0, time(9), time(17))])
    with CaptureQueriesContext(connection) as one:
        anon_client.get("/resources/")
    for _ in range(49):
        ResourceFactory(countries=["GB", "IE"], topics=["grief", "anxiety"], hours=[(1, time(9), time(17))])
    with CaptureQueriesContext(connection) as many:
        response = anon_client.get("/resources/")
    assert response.content.decode().count("resource-card") == 20
    assert len(one) == len(many) <= 8
