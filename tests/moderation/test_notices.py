"""Notices to members are stored as a kind and its parameters and rendered when read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Notification, NotificationKind
from forums.notifications.selectors import notification_headline
from moderation import notices
from moderation.services import lock_thread, move_thread
from tests.factories import BoardFactory

SAMPLE_PARAMS = {
    "thread": "A hard week",
    "board": "Grief",
    "warning": "suicide",
    "reason": "we removed an address",
    "note": "it was within the guidelines",
    "guideline_number": 3,
    "guideline_title": "Be kind",
    "also_published": 2,
    "trusted": True,
    "message": "please keep it kind",
    "ends_at": "2026-12-02T09:00:00+00:00",
    "about": "post",
}


@pytest.mark.parametrize("kind", notices.notice_kinds())
def test_every_notice_kind_renders_a_sentence_from_its_parameters(kind):
    params = dict(SAMPLE_PARAMS)
    if kind == "sanctioned":
        params["sanction"] = "suspension"
    words = notices.render_notice(kind, params)
    assert words and words[0].isupper() and words.rstrip().endswith((".", "!"))
    assert "%(" not in words


def test_notice_kinds_cover_every_decision_a_member_hears_about():
    assert len(notices.notice_kinds()) >= 18


def test_a_suspension_notice_names_the_guideline_and_when_it_ends():
    ends = timezone.now() + timedelta(hours=24)
    section = type("Section", (), {"number": 4, "title": "No harassment"})()
    words = str(notices.sanctioned(kind="suspension", section=section, message="Please step back", ends_at=ends))
    assert "guideline 4, “No harassment”" in words and "Please step back." in words and "until" in words


def test_a_notice_of_an_unknown_kind_reads_as_its_stored_words():
    assert notices.render_notice("no-such-notice", {}, fallback="We hid your post.") == "We hid your post."
    assert notices.render_notice("thread-locked", {}, fallback="Stored words.") == "Stored words."


@pytest.mark.django_db
def test_a_moderation_notice_is_stored_as_kind_and_parameters_and_rendered_when_read(
    thread, moderator, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lock_thread(thread, acting_user=moderator)
    notification = Notification.objects.get(recipient=member, kind=NotificationKind.MODERATION)
    assert (notification.notice, notification.notice_params) == ("thread-locked", {"thread": thread.title})
    # The words then are kept beside them, and the bell renders the same words from the kind.
    assert notification_headline(notification) == notification.message
    assert "locked your thread" in notification.message
    # Rendered when read, not copied: what is shown comes from the kind and its parameters.
    Notification.objects.filter(pk=notification.pk).update(message="")
    notification.refresh_from_db()
    assert f"locked your thread “{thread.title}”" in notification_headline(notification)


@pytest.mark.django_db
def test_a_notice_from_before_kinds_still_shows_its_words(member):
    old = Notification.objects.create(
        recipient=member, kind=NotificationKind.MODERATION, message="We hid your post under guideline 3.",
        group_key="event:old",
    )  # fmt: skip
    assert notification_headline(old) == "We hid your post under guideline 3."


@pytest.mark.django_db
def test_the_notice_email_carries_the_rendered_words(thread, moderator, member, django_capture_on_commit_callbacks):
    from forums.notifications.email import build_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        move_thread(thread, acting_user=moderator, board=BoardFactory(name="Loneliness"))
    notification = Notification.objects.get(recipient=member, kind=NotificationKind.MODERATION)
    email = build_notification_email(notification)
    assert "moved your thread" in email.body and "Loneliness" in email.body
