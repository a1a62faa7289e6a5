"""Topic opt-outs: "no suicide or self-harm items for me this week". Honoured by the queue (out of
the default view) and by alerts while someone else who can take such items is on shift; when nobody
else is, the moderator is asked first. Set and ended from the shift page as rendered."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import TopicOptOut
from care.selectors import alert_recipients, queue_care_for
from care.services import end_shift, set_topic_opt_out, start_shift
from forums.models import Notification, NotificationEvent, NotificationKind
from forums.notifications.outbox import fan_out_event
from moderation.models import QueueItem, ReportReason
from moderation.services import file_report
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


def _opt_out(moderator, topics=("suicide", "self-harm"), days=7):
    return set_topic_opt_out(acting_user=moderator, topics=list(topics), ends_at=timezone.now() + timedelta(days=days))


def _report(reason, *, title, warnings=()):
    post = reply_to(ThreadFactory(title=title), body="Words.", content_warnings=list(warnings))
    file_report(acting_user=UserFactory(), post=post, reason=reason)
    return QueueItem.objects.get(post=post)


def _fan_out():
    for event_id in NotificationEvent.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        fan_out_event(event_id)


@pytest.fixture
def colleague(db):
    return ModeratorFactory(username="heron")


# --- The queue ------------------------------------------------------------------------------------


def test_opted_out_items_leave_the_default_queue_while_a_colleague_is_on_shift(django_app, moderator, colleague):
    _opt_out(moderator)
    start_shift(acting_user=colleague)
    _report(ReportReason.WORRIED, title="Worried about my friend")
    _report(ReportReason.SPAM, title="Cheap watches")
    page = django_app.get(QUEUE, user=moderator)
    text = html.unescape(page.text)
    assert "Cheap watches" in text
    assert "Worried about my friend" not in text
    assert "1 item on Self-harm, Suicide is left to others on shift, as you asked." in text
    assert "Nobody else is on shift" not in text

    shown = page.click(description="Show them anyway")
    assert "Worried about my friend" in html.unescape(shown.text)

    # The colleague, with no opt-out, sees everything.
    assert "Worried about my friend" in html.unescape(django_app.get(QUEUE, user=colleague).text)


def test_when_nobody_else_is_on_shift_the_moderator_is_asked_first(django_app, moderator, colleague):
    _opt_out(moderator)
    start_shift(acting_user=colleague)
    end_shift(acting_user=colleague)
    _report(ReportReason.WORRIED, title="Worried about my friend")
    page = django_app.get(QUEUE, user=moderator)
    text = html.unescape(page.text)
    assert "Nobody else is on shift: can you take these?" in text
    assert "Worried about my friend" not in text  # asked first, shown only on yes
    yes = page.click(description="Yes, show them to me")
    assert "Worried about my friend" in html.unescape(yes.text)
    assert "Nobody else is on shift" not in html.unescape(yes.text)


def test_a_colleague_who_set_the_same_topics_aside_does_not_count_as_someone_else(django_app, moderator, colleague):
    _opt_out(moderator)
    _opt_out(colleague, topics=["suicide"])
    start_shift(acting_user=colleague)
    _report(ReportReason.WORRIED, title="Worried about my friend")
    assert queue_care_for(moderator).alone
    assert "Nobody else is on shift: can you take these?" in html.unescape(django_app.get(QUEUE, user=moderator).text)


def test_content_warning_topics_are_honoured_and_other_topics_are_not_touched(django_app, moderator, colleague):
    _opt_out(moderator, topics=["grief"])
    start_shift(acting_user=colleague)
    _report(ReportReason.SPAM, title="Losing Dad", warnings=["grief"])
    _report(ReportReason.WORRIED, title="Worried about my friend")
    text = html.unescape(django_app.get(QUEUE, user=moderator).text)
    assert "Losing Dad" not in text
    assert "Worried about my friend" in text


def test_an_ended_or_expired_opt_out_sets_nothing_aside(django_app, moderator, colleague):
    opt_out = _opt_out(moderator)
    start_shift(acting_user=colleague)
    _report(ReportReason.WORRIED, title="Worried about my friend")
    TopicOptOut.objects.filter(pk=opt_out.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert "Worried about my friend" in html.unescape(django_app.get(QUEUE, user=moderator).text)


# --- Alerts ---------------------------------------------------------------------------------------


def test_urgent_alert_skips_the_opted_out_moderator_while_a_colleague_is_on_shift(moderator, colleague):
    _opt_out(moderator)
    start_shift(acting_user=colleague)
    _report(ReportReason.WORRIED, title="Worried about my friend")
    _fan_out()
    alerts = Notification.objects.filter(kind=NotificationKind.URGENT_ITEM)
    assert set(alerts.values_list("recipient__username", flat=True)) == {"heron"}


def test_urgent_alert_asks_the_opted_out_moderator_first_when_nobody_else_is_on_shift(moderator, colleague):
    _opt_out(moderator)
    _report(ReportReason.WORRIED, title="Worried about my friend")
    _fan_out()
    mine = Notification.objects.get(kind=NotificationKind.URGENT_ITEM, recipient=moderator)
    theirs = Notification.objects.get(kind=NotificationKind.URGENT_ITEM, recipient=colleague)
    assert mine.message.startswith("Nobody else is on shift: can you take this?")
    assert not theirs.message.startswith("Nobody else")
    assert mine.link == theirs.link


def test_alerts_on_other_topics_reach_the_opted_out_moderator_as_usual(moderator, colleague):
    _opt_out(moderator, topics=["grief"])
    start_shift(acting_user=colleague)
    post = reply_to(ThreadFactory())
    recipients, asked = alert_recipients(post=post, urgent=True, moderator_ids=[moderator.pk, colleague.pk])
    assert recipients == [moderator.pk, colleague.pk] and not asked


# --- The opt-out form, as rendered ----------------------------------------------------------------


def _opt_out_form(page):
    return next(form for form in page.forms.values() if "form" in form.fields and form["form"].value == "opt-out")


def test_moderator_sets_an_opt_out_from_the_shift_page_and_ends_it(django_app, moderator):
    page = django_app.get(reverse("care:shift"), user=moderator)
    form = _opt_out_form(page)
    boxes = {box["value"]: box for box in form.html.select('input[name="opt-out-topics"]')}
    assert {"suicide", "self-harm"} <= set(boxes)
    for index, field in enumerate(form.fields["opt-out-topics"]):
        if field._value in ("suicide", "self-harm"):
            form.get("opt-out-topics", index=index).checked = True
    form["opt-out-ends_on"] = (timezone.localdate() + timedelta(days=7)).isoformat()
    done = form.submit().follow()
    assert "those items stay out of your queue and alerts" in html.unescape(done.text)
    opt_out = TopicOptOut.objects.get(moderator=moderator)
    assert sorted(opt_out.topics) == ["self-harm", "suicide"]
    assert opt_out.ends_at.date() == timezone.localdate() + timedelta(days=8)
    assert "Self-harm, Suicide, until" in html.unescape(done.text)

    ended = next(f for f in done.forms.values() if "form" in f.fields and f["form"].value == "end-opt-out")
    after = ended.submit().follow()
    assert "those items are back in your queue" in html.unescape(after.text)
    assert not queue_care_for(moderator).topics


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "Please choose today or a day after it."), (61, "Please choose a day within 60 days")],
)
def test_opt_out_form_explains_a_date_it_cannot_take_and_keeps_the_choices(django_app, moderator, days, message):
    form = _opt_out_form(django_app.get(reverse("care:shift"), user=moderator))
    for index, field in enumerate(form.fields["opt-out-topics"]):
        if field._value == "suicide":
            form.get("opt-out-topics", index=index).checked = True
    form["opt-out-ends_on"] = (timezone.localdate() + timedelta(days=days)).isoformat()
    again = form.submit()
    assert message in html.unescape(again.text)
    assert not TopicOptOut.objects.exists()
    [kept] = again.html.select('input[name="opt-out-topics"][value="suicide"]')
    assert kept.has_attr("checked")


def test_held_post_alert_on_an_opted_out_topic_skips_the_moderator_while_a_colleague_is_on_shift(moderator, colleague):
    _opt_out(moderator, topics=["eating"])
    start_shift(acting_user=colleague)
    post = reply_to(ThreadFactory(), content_warnings=["eating"])
    recipients, asked = alert_recipients(post=post, urgent=False, moderator_ids=[moderator.pk, colleague.pk])
    assert recipients == [colleague.pk] and not asked
    plain = reply_to(ThreadFactory())
    recipients, asked = alert_recipients(post=plain, urgent=False, moderator_ids=[moderator.pk, colleague.pk])
    assert recipients == [moderator.pk, colleague.pk]


@pytest.mark.parametrize("topics", [{"suicide"}, {"self-harm"}, {"grief"}, {"eating", "abuse"}])
def test_an_items_topics_read_the_same_in_python_and_in_the_queue_query(topics):
    from care.topics import item_topics, items_on_topics

    _report(ReportReason.WORRIED, title="Worried")
    _report(ReportReason.SPAM, title="Grief", warnings=["grief"])
    _report(ReportReason.SPAM, title="Eating", warnings=["eating", "medical"])
    _report(ReportReason.SPAM, title="Plain")
    in_query = set(QueueItem.objects.filter(items_on_topics(topics)).values_list("pk", flat=True))
    in_python = {item.pk for item in QueueItem.objects.select_related("post") if item_topics(item) & topics}
    assert in_query == in_python
