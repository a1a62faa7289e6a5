"""'Look in on this thread later': a private reminder, set from the thread page as rendered, sent
once by the periodic sweep (in the bell, and by email as the member chose), dropped quietly when the
thread is out of their sight, listed and cancelled by its owner only."""

import html
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from care.models import LookInReminder, ReminderStatus
from care.services import cancel_look_in_reminder, send_due_reminders, set_look_in_reminder
from care.tasks import send_due_reminders as send_due_reminders_task
from forums.models import EmailDelivery, EmailPreference, Notification, NotificationEvent, NotificationKind, Thread
from forums.notifications.outbox import fan_out_event
from safespace.refusals import Refused
from tests.factories import BoardFactory, ModeratorFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def _fan_out_everything():
    for event_id in NotificationEvent.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        fan_out_event(event_id)


def _due(reminder):
    LookInReminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=1))


# --- The service ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("delay", "days"), [("day", 1), ("three-days", 3), ("week", 7)])
def test_set_look_in_reminder_is_due_after_the_chosen_delay(member, delay, days):
    now = timezone.now()
    reminder = set_look_in_reminder(ThreadFactory(), acting_user=member, delay=delay, now=now)
    assert reminder.due_at == now + timedelta(days=days)
    assert reminder.status == ReminderStatus.WAITING


def test_set_look_in_reminder_again_moves_the_waiting_one_instead_of_adding_another(member):
    thread = ThreadFactory()
    first = set_look_in_reminder(thread, acting_user=member, delay="day")
    second = set_look_in_reminder(thread, acting_user=member, delay="week")
    assert first.pk == second.pk
    assert LookInReminder.objects.count() == 1
    assert second.due_at > first.due_at


def test_set_look_in_reminder_refuses_an_unknown_delay(member):
    with pytest.raises(Refused):
        set_look_in_reminder(ThreadFactory(), acting_user=member, delay="forever")


def test_cancel_look_in_reminder_only_cancels_the_members_own(member, other_member):
    reminder = set_look_in_reminder(ThreadFactory(), acting_user=member, delay="day")
    assert not cancel_look_in_reminder(reminder.pk, acting_user=other_member)
    assert LookInReminder.objects.filter(pk=reminder.pk).exists()
    assert cancel_look_in_reminder(reminder.pk, acting_user=member)
    assert not cancel_look_in_reminder(reminder.pk, acting_user=member)


# --- The sweep ------------------------------------------------------------------------------------


def test_due_reminder_rings_the_bell_and_emails_once_even_when_the_task_runs_twice(member):
    thread = ThreadFactory(title="Starting the new job")
    reminder = set_look_in_reminder(thread, acting_user=member, delay="day")
    assert send_due_reminders() == 0  # not due yet
    _due(reminder)
    assert send_due_reminders_task() == 1
    assert send_due_reminders_task() == 0
    _fan_out_everything()
    [notice] = Notification.objects.filter(recipient=member, kind=NotificationKind.LOOK_IN_REMINDER)
    assert "Starting the new job" in notice.message
    assert notice.link == reverse("forums:thread-unread", args=[thread.pk])
    assert EmailDelivery.objects.filter(recipient=member, kind=NotificationKind.LOOK_IN_REMINDER).count() == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT and reminder.settled_at is not None


def test_due_reminder_sends_no_email_when_the_member_turned_reminder_emails_off(member):
    EmailPreference.objects.create(member=member, kind=NotificationKind.LOOK_IN_REMINDER, cadence="off")
    _due(set_look_in_reminder(ThreadFactory(), acting_user=member, delay="day"))
    send_due_reminders()
    _fan_out_everything()
    assert Notification.objects.filter(recipient=member, kind=NotificationKind.LOOK_IN_REMINDER).count() == 1
    assert not EmailDelivery.objects.filter(recipient=member).exists()


def test_reminder_on_a_sensitive_board_does_not_name_the_thread(member):
    thread = ThreadFactory(board=BoardFactory(is_sensitive=True), title="The night it got bad")
    _due(set_look_in_reminder(thread, acting_user=member, delay="day"))
    send_due_reminders()
    _fan_out_everything()
    notice = Notification.objects.get(recipient=member)
    assert "The night it got bad" not in notice.message
    assert "look in on a thread" in notice.message


@pytest.mark.parametrize("how", ["hidden by a moderator", "the member left"])
def test_reminder_on_a_thread_the_member_can_no_longer_see_is_dropped_quietly(member, how):
    thread = ThreadFactory()
    reminder = set_look_in_reminder(thread, acting_user=member, delay="day")
    _due(reminder)
    if how == "hidden by a moderator":
        Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    else:
        type(member).objects.filter(pk=member.pk).update(is_active=False)
    assert send_due_reminders() == 0
    _fan_out_everything()
    assert not Notification.objects.filter(recipient=member).exists()
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DROPPED


def test_the_sweep_is_declared_in_the_beat_schedule_with_its_route():
    entry = settings.CELERY_BEAT_SCHEDULE["care-send-due-reminders"]
    assert entry["task"] == "care.send_due_reminders"
    assert "care.send_due_reminders" in settings.CELERY_TASK_ROUTES


# --- Pages, as rendered ---------------------------------------------------------------------------


def test_member_sets_a_reminder_from_the_thread_page_then_sees_and_cancels_it(django_app, member):
    thread = ThreadFactory(title="Coming off the waiting list")
    page = django_app.get(thread.get_absolute_url(), user=member)
    form = page.forms["look-in-later"]
    offered = [value for value, _selected, _label in form["delay"].options]
    assert offered == ["day", "three-days", "week"]
    form["delay"].select("three-days")
    done = form.submit().follow()
    assert "We'll remind you to look in on this thread" in html.unescape(done.text)
    assert LookInReminder.objects.get(member=member, thread=thread).due_at > timezone.now() + timedelta(days=2)

    listing = django_app.get(reverse("care:reminder-list"), user=member)
    assert "Coming off the waiting list" in html.unescape(listing.text)
    cancel = next(form for form in listing.forms.values() if "/cancel/" in form.action)
    cancelled = cancel.submit().follow()
    assert "Reminder cancelled." in cancelled.text
    assert not LookInReminder.objects.exists()
    assert "No reminders waiting" in cancelled.text


def test_nobody_else_sees_a_members_reminder(django_app, member, other_member, moderator):
    thread = ThreadFactory(title="Quiet worries")
    set_look_in_reminder(thread, acting_user=member, delay="day")
    for viewer in (other_member, moderator, thread.author):
        assert "Quiet worries" not in django_app.get(reverse("care:reminder-list"), user=viewer).text
        page = django_app.get(thread.get_absolute_url(), user=viewer)
        assert "Reminder on" not in page.text


def test_visitors_get_no_reminder_form_and_are_sent_to_log_in(django_app):
    thread = ThreadFactory()
    assert "Look in on this thread later" not in django_app.get(thread.get_absolute_url()).text
    response = django_app.post(reverse("care:reminder-set", args=[thread.pk]), {"delay": "day"}, expect_errors=True)
    assert response.status_code in (302, 403)


def test_reminder_on_a_hidden_thread_answers_the_same_404_as_a_missing_one(django_app, member):
    hidden = ThreadFactory(is_hidden=True)
    assert django_app.get(reverse("care:reminder-set", args=[hidden.pk]), user=member, status=404)
    assert django_app.get(reverse("care:reminder-set", args=[999999]), user=member, status=404)


def test_reminder_page_keeps_the_form_and_says_kindly_what_is_missing(django_app, member):
    thread = ThreadFactory()
    page = django_app.get(reverse("care:reminder-set", args=[thread.pk]), user=member)
    form = page.forms["look-in-later"]
    form["delay"].force_value("forever")
    again = form.submit()
    assert "Please choose when we should remind you." in html.unescape(again.text)
    assert not LookInReminder.objects.exists()


def test_reminders_are_in_the_members_export_and_erased_with_the_account(member):
    from accounts.selectors import member_data_for_export
    from accounts.services import delete_account

    thread = ThreadFactory()
    set_look_in_reminder(thread, acting_user=member, delay="day")
    data = member_data_for_export(member)
    assert data["look_in_reminders"][0]["thread_url"] == thread.get_absolute_url()
    delete_account(member, acting_user=member, keep_posts=True)
    assert not LookInReminder.objects.filter(member=member).exists()


def test_moderator_care_records_are_in_their_export_and_erased_with_the_account():
    from accounts.selectors import member_data_for_export
    from accounts.services import delete_account
    from care.models import Debrief, ShiftMark, TopicOptOut
    from care.services import set_topic_opt_out, start_shift

    moderator = ModeratorFactory()
    start_shift(acting_user=moderator)
    set_topic_opt_out(acting_user=moderator, topics=["grief"], ends_at=timezone.now() + timedelta(days=3))
    data = member_data_for_export(moderator)
    assert data["moderator_shift_marks"][0]["what"] == "started"
    assert data["moderator_topic_opt_outs"][0]["topics"] == ["grief"]
    delete_account(moderator, acting_user=moderator, keep_posts=True)
    assert not ShiftMark.objects.filter(moderator=moderator).exists()
    assert not TopicOptOut.objects.filter(moderator=moderator).exists()
    assert not Debrief.objects.filter(moderator=moderator).exists()


def test_reminder_kind_is_offered_in_notification_settings(django_app, member):
    page = django_app.get(reverse("forums:notification-settings"), user=member)
    assert "Reminders you set to look in on a thread" in page.text


def test_email_settings_sent_from_a_page_older_than_the_reminder_kind_keep_its_current_choice(member_client, member):
    url = reverse("forums:notification-settings")
    older_page = {kind: "daily" for kind in ["reply", "mention", "reaction", "moderation", "report-outcome",
                                             "suggestion-published", "board-digest"]}  # fmt: skip
    response = member_client.post(url, older_page, follow=True)
    assert "Your email choices are saved." in response.content.decode()
    cadences = dict(member.email_preferences.values_list("kind", "cadence"))
    assert cadences["reply"] == "daily"
    assert cadences.get(NotificationKind.LOOK_IN_REMINDER, "immediately") == "immediately"


def test_reminder_emails_can_be_turned_off_from_the_settings_page_as_rendered(django_app, member):
    page = django_app.get(reverse("forums:notification-settings"), user=member)
    form = next(form for form in page.forms.values() if NotificationKind.LOOK_IN_REMINDER in form.fields)
    offered = [box["value"] for box in form.html.select(f'input[name="{NotificationKind.LOOK_IN_REMINDER}"]')]
    assert "off" in offered
    form[NotificationKind.LOOK_IN_REMINDER] = "off"
    form.submit().follow()
    assert member.email_preferences.get(kind=NotificationKind.LOOK_IN_REMINDER).cadence == "off"


def test_send_due_reminder_run_twice_with_the_same_id_sends_once(member):
    from care.services import send_due_reminder

    reminder = set_look_in_reminder(ThreadFactory(), acting_user=member, delay="day")
    _due(reminder)
    assert send_due_reminder(reminder.pk) == ReminderStatus.SENT
    assert send_due_reminder(reminder.pk) == ""
    assert NotificationEvent.objects.filter(recipient=member).count() == 1
