"""Moderator actions available so far: add a content warning, reveal an anonymous author. Each is
logged once per action in the same transaction; members are told kindly."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import Notification, NotificationKind
from moderation.models import ModerationAction, ModerationVerb
from moderation.services import add_content_warning, reveal_anonymous_author
from safespace.refusals import Refused
from tests.factories import UserFactory, reply_to


@pytest.fixture
def anonymous_post(thread):
    return reply_to(thread, author=UserFactory(username="quietwriter"), body="I relapsed.", is_anonymous=True)


def _url(post):
    return reverse("moderation:post-moderate", args=[post.pk])


@pytest.mark.django_db
def test_add_content_warning_logs_once_and_tells_the_author(
    thread, moderator, member, django_capture_on_commit_callbacks
):
    post = thread.posts.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert add_content_warning(post, acting_user=moderator, warning="suicide", reason="method talk") is True
        assert add_content_warning(post, acting_user=moderator, warning="suicide") is False  # already there
    post.refresh_from_db()
    assert post.content_warnings == ["suicide"]
    [action] = ModerationAction.objects.all()
    assert (action.verb, action.actor, action.old_value, action.new_value) == (
        ModerationVerb.ADD_CONTENT_WARNING,
        moderator,
        [],
        ["suicide"],
    )
    [notice] = Notification.objects.filter(recipient=member, kind=NotificationKind.MODERATION)
    assert "content warning “Suicide”" in notice.message and "Your words are unchanged" in notice.message


@pytest.mark.django_db
def test_members_cannot_add_warnings_or_reveal_authors(thread, member, anonymous_post):
    with pytest.raises(PermissionDenied):
        add_content_warning(thread.posts.get(position=1), acting_user=member, warning="abuse")
    with pytest.raises(PermissionDenied):
        reveal_anonymous_author(anonymous_post, acting_user=member, reason="curious")
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_reveal_needs_a_reason_and_every_look_is_logged(moderator, anonymous_post):
    with pytest.raises(Refused):
        reveal_anonymous_author(anonymous_post, acting_user=moderator, reason="  ")
    assert (
        reveal_anonymous_author(anonymous_post, acting_user=moderator, reason="crisis report").username == "quietwriter"
    )
    reveal_anonymous_author(anonymous_post, acting_user=moderator, reason="second look")
    assert list(ModerationAction.objects.values_list("reason", flat=True)) == ["second look", "crisis report"]


@pytest.mark.django_db
def test_reveal_refuses_posts_that_are_not_anonymous(moderator, thread):
    with pytest.raises(Refused):
        reveal_anonymous_author(thread.posts.get(position=1), acting_user=moderator, reason="x")


@pytest.mark.django_db
def test_moderation_page_is_for_moderators_only(
    anon_client, member_client, moderator_without_mfa, client, anonymous_post
):
    assert anon_client.get(_url(anonymous_post)).url.startswith(reverse("account_login"))
    assert member_client.get(_url(anonymous_post)).status_code == 403
    assert member_client.post(_url(anonymous_post), {"form": "reveal", "reveal-reason": "x"}).status_code == 403
    client.force_login(moderator_without_mfa)
    assert client.get(_url(anonymous_post)).url == reverse("mfa_activate_totp")
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_moderator_reveals_with_a_reason_through_the_page(moderator_client, anonymous_post):
    page = moderator_client.get(_url(anonymous_post)).content.decode()
    assert "quietwriter" not in page  # nothing shown before a reason is given
    refused = moderator_client.post(_url(anonymous_post), {"form": "reveal", "reveal-reason": ""}).content.decode()
    assert "Please say why you need to know" in refused and "quietwriter" not in refused
    shown = moderator_client.post(
        _url(anonymous_post), {"form": "reveal", "reveal-reason": "worried report"}
    ).content.decode()
    assert "written by <strong>quietwriter</strong>" in shown and "worried report" in shown


@pytest.mark.django_db
def test_moderator_adds_a_warning_through_the_page(moderator_client, thread):
    post = thread.posts.get(position=1)
    response = moderator_client.post(
        _url(post), {"form": "warning", "warning-warning": "eating", "warning-reason": ""}, follow=True
    )
    assert "Content warning added. The author has been told." in response.content.decode()
    post.refresh_from_db()
    assert post.content_warnings == ["eating"]
    bad = moderator_client.post(_url(post), {"form": "warning", "warning-warning": "spiders"})
    assert "Please choose one of the content warnings." in bad.content.decode()


@pytest.mark.django_db
def test_thread_page_offers_moderate_links_to_moderators_only(member_client, moderator_client, thread):
    url = thread.get_absolute_url()
    assert ">Moderate<" not in member_client.get(url).content.decode()
    assert ">Moderate<" in moderator_client.get(url).content.decode()


@pytest.mark.django_db
def test_moderation_page_query_count_is_constant(moderator_client, moderator, anonymous_post):
    reveal_anonymous_author(anonymous_post, acting_user=moderator, reason="first")
    moderator_client.get(_url(anonymous_post))
    with CaptureQueriesContext(connection) as one:
        moderator_client.get(_url(anonymous_post))
    for index in range(20):
        reveal_anonymous_author(anonymous_post, acting_user=moderator, reason=str(index))
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(_url(anonymous_post))
    assert len(many) == len(one)
