"""A board's "Support beyond the forum" list is cached per (topic, region) and follows the directory:
publishing, archiving, an admin edit or delete shows on the next page; an event that ends drops out."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resources.models import Resource
from resources.services import archive_resources, publish_resources
from tests.factories import BoardFactory, ResourceFactory, ThreadFactory


@pytest.fixture
def grief_board(db):
    board = BoardFactory(resource_topic="grief")
    ThreadFactory(board=board)
    return board


def _sidebar(page: str) -> str:
    return page.split("Support beyond the forum", 1)[1]


def test_the_second_visit_reads_no_resource_rows(anon_client, grief_board):
    ResourceFactory(name="Grief circle", kind="support-group", topics=["grief"], website="https://example.org/circle")
    assert "Grief circle" in _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    with CaptureQueriesContext(connection) as captured:
        page = anon_client.get(grief_board.get_absolute_url()).content.decode()
    assert "Grief circle" in _sidebar(page)
    assert not [query for query in captured.captured_queries if "resources_resource" in query["sql"]]


def test_publishing_and_archiving_show_on_the_next_page(
    anon_client, grief_board, admin_user, django_capture_on_commit_callbacks
):
    group = ResourceFactory(name="Walking group", kind="support-group", topics=["grief"], status="draft")
    assert "Walking group" not in _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        publish_resources([group.pk], acting_user=admin_user)
    assert "Walking group" in _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        archive_resources([group.pk], acting_user=admin_user)
    assert "Walking group" not in _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())


def test_an_admin_edit_and_delete_show_on_the_next_page(
    admin_client, anon_client, grief_board, django_capture_on_commit_callbacks
):
    group = ResourceFactory(name="Tuesday group", kind="support-group", topics=["grief"])
    assert "Tuesday group" in _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:resources_resource_delete", args=[group.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Resource.objects.filter(pk=group.pk).exists()
    assert "Tuesday group" not in _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())


def test_an_event_that_ends_while_cached_drops_out_and_leaves_its_place(anon_client, grief_board):
    soon = timezone.now() + timedelta(seconds=2)
    ResourceFactory(name="A last workshop", kind="workshop", topics=["grief"], ends_at=soon)
    for name in ("B group", "C group", "D group"):
        ResourceFactory(name=name, kind="support-group", topics=["grief"])
    first = _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    assert "A last workshop" in first and "D group" not in first
    Resource.objects.filter(name="A last workshop").update(ends_at=timezone.now() - timedelta(seconds=1))
    # The cached entry knows when the event ends: it is left out without reading the directory.
    later = timezone.now() + timedelta(seconds=3)
    from unittest import mock

    with mock.patch("resources.selectors.timezone.now", return_value=later):
        page = _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    assert "A last workshop" not in page and "D group" in page


def test_each_region_gets_its_own_list(anon_client, grief_board):
    ResourceFactory(name="London group", kind="support-group", topics=["grief"], countries=["GB"])
    ResourceFactory(name="Dublin group", kind="support-group", topics=["grief"], countries=["IE"])
    anon_client.cookies["ss_region"] = "IE"
    irish = _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    anon_client.cookies["ss_region"] = "GB"
    british = _sidebar(anon_client.get(grief_board.get_absolute_url()).content.decode())
    assert "Dublin group" in irish and "London group" not in irish
    assert "London group" in british and "Dublin group" not in british


def test_the_sidebar_is_rendered_once_and_each_page_puts_in_its_own_address_and_token(grief_board):
    import re
    from unittest import mock

    from django.template.loader import get_template
    from django.test import Client

    from resources.demo import seed_resources
    from resources.services import refresh_help_snapshot
    from tests.factories import UserFactory

    seed_resources()
    refresh_help_snapshot()
    real = get_template("resources/partials/_board_resources.html")

    def fake_get_template(name, *args, **kwargs):
        return real if name == "resources/partials/_board_resources.html" else get_template(name, *args, **kwargs)

    readers = []
    for _ in range(2):
        client = Client()
        client.force_login(UserFactory())
        readers.append(client)
    with (
        mock.patch("resources.templatetags.resources_tags.get_template", side_effect=fake_get_template),
        mock.patch.object(real, "render", wraps=real.render) as rendering,
    ):
        first = readers[0].get(grief_board.get_absolute_url() + "?page=1").content.decode()
        second = readers[1].get(grief_board.get_absolute_url() + "?page=1&sort=x").content.decode()
        assert rendering.call_count == 1
    for page, path in ((first, "?page=1"), (second, "?page=1&amp;sort=x")):
        assert f'name="next" value="{grief_board.get_absolute_url()}{path}"' in _sidebar(page)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    tokens = [token.search(_sidebar(page)).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1] and tokens[1] not in first
