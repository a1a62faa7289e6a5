"""Members' moderation journeys through the pages as rendered (django-webtest): from the thread or
profile to the report form, the confirmation and the appeal, choosing only what the page offers."""

import html
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, NotificationKind
from moderation.models import (
    Appeal,
    ItemStatus,
    Lane,
    ModerationAction,
    ModerationVerb,
    QueueItem,
    Report,
    ReportReason,
)
from moderation.selectors import guideline_get_current
from moderation.services import file_report, resolve_item
from tests.factories import ModeratorFactory, UserFactory, reply_to
from tests.journeys import choices, form_with

OFF_HOURS = override_settings(MODERATION_STAFFED_HOURS="00:00-00:01", MODERATION_TIME_ZONE="UTC")


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.fixture
def section(db):
    return guideline_get_current().sections.get(number=1)


@pytest.fixture
def harsh_post(thread):
    return reply_to(thread, author=_settled("bramble"), body="You're being dramatic.")


def _open_report_form(django_app, post, user):
    thread_page = django_app.get(post.thread.get_absolute_url(), user=user)
    return thread_page.click(href=reverse("moderation:report-post", args=[post.pk]))


@pytest.mark.django_db
def test_member_reports_a_post_for_a_guideline_from_the_thread(
    django_app, harsh_post, section, moderator, django_capture_on_commit_callbacks
):
    reporter = _settled("lark")
    form = form_with(_open_report_form(django_app, harsh_post, reporter), "reason", "note")
    assert f"guideline-{section.number}" in choices(form["reason"])
    form["reason"].select(f"guideline-{section.number}")
    form["note"] = "It dismisses someone who is struggling."
    with django_capture_on_commit_callbacks(execute=True):
        done = form.submit().follow()
    assert "Thank you for telling us" in done.text and "Your report has reached the moderators" in done.text
    report = Report.objects.get(reporter=reporter)
    assert report.reason == ReportReason.GUIDELINE and report.guideline_section == section
    assert report.item.lane == Lane.REPORTS and report.item.status == ItemStatus.OPEN
    # The member reported is told nothing; the post stays up (one report is not enough).
    assert not Notification.objects.filter(recipient=harsh_post.author).exists()
    harsh_post.refresh_from_db()
    assert not harsh_post.is_hidden
    # "Back" returns to the post, which the reporter can still see.
    assert done.click(description="Back to where you were").status_code in (200, 302)


@pytest.mark.django_db
def test_reporter_whose_report_hides_the_post_is_told_so_kindly(django_app, harsh_post, moderator):
    with OFF_HOURS:
        file_report(acting_user=_settled("earlier"), post=harsh_post, reason=ReportReason.SPAM)
        reporter = _settled("second_voice")
        form = form_with(_open_report_form(django_app, harsh_post, reporter), "reason")
        form["reason"].select(ReportReason.SPAM)
        done = form.submit().follow()
    assert done.status_code == 200
    assert "The post is hidden for now while a moderator looks" in done.text
    back = done.click(description="Back to where you were").maybe_follow()
    assert back.status_code == 200 and "You&#x27;re being dramatic." not in back.text


@pytest.mark.django_db
def test_member_whose_form_was_open_still_reports_after_others_hid_the_post(django_app, harsh_post):
    reporter = _settled("slow_typist")
    form = form_with(_open_report_form(django_app, harsh_post, reporter), "reason", "note")
    with OFF_HOURS:
        for name in ("quick_one", "quick_two"):
            file_report(acting_user=_settled(name), post=harsh_post, reason=ReportReason.SPAM)
    harsh_post.refresh_from_db()
    assert harsh_post.is_hidden
    form["reason"].select(ReportReason.OTHER)
    form["note"] = "They said the same to me in another thread."
    done = form.submit().follow()
    assert done.status_code == 200 and "hidden for now while a moderator looks" in done.text
    assert QueueItem.objects.get(post=harsh_post).reports.count() == 3


@pytest.mark.django_db
def test_member_says_they_are_worried_about_someone_and_moderators_are_alerted(
    django_app, thread, moderator, django_capture_on_commit_callbacks
):
    struggling = reply_to(thread, author=_settled("fading_light"), body="I can't see the point any more.")
    friend = _settled("lantern")
    form = form_with(_open_report_form(django_app, struggling, friend), "reason")
    assert ReportReason.WORRIED in choices(form["reason"])
    form["reason"].select(ReportReason.WORRIED)
    with django_capture_on_commit_callbacks(execute=True):
        done = form.submit().follow()
    assert "Thank you for looking out for someone" in done.text
    item = QueueItem.objects.get(post=struggling)
    assert item.lane == Lane.URGENT
    [alert] = Notification.objects.filter(recipient=moderator, kind=NotificationKind.URGENT_ITEM)
    assert alert.message == "Urgent: a member is worried about someone. Please look as soon as you can."
    assert not Notification.objects.filter(recipient=struggling.author).exists()
    assert all(struggling.author.email not in email.to for email in mail.outbox)
    # Sending it again the same day adds nothing, and says moderators already know.
    again = form_with(_open_report_form(django_app, struggling, friend), "reason")
    again["reason"].select(ReportReason.WORRIED)
    repeat = again.submit().follow()
    assert "We added your words" not in repeat.text and "Thank you for looking out for someone" in repeat.text
    assert Report.objects.filter(reason=ReportReason.WORRIED).count() == 1


@pytest.mark.django_db
def test_a_second_worry_after_a_moderator_looked_says_so_instead_of_promising_the_top_of_the_list(
    django_app, thread, moderator
):
    struggling = reply_to(thread, author=_settled("fading_light"), body="I can't see the point any more.")
    friend = _settled("lantern")
    form = form_with(_open_report_form(django_app, struggling, friend), "reason")
    form["reason"].select(ReportReason.WORRIED)
    form.submit().follow()
    resolve_item(QueueItem.objects.get(post=struggling), acting_user=moderator, action="dismiss")
    again = form_with(_open_report_form(django_app, struggling, friend), "reason")
    again["reason"].select(ReportReason.WORRIED)
    text = html.unescape(again.submit().follow().text)
    assert "top of their list" not in text and "A moderator will look at this first" not in text
    assert "a moderator has already looked into it" in text
    assert "call your local emergency number" in text


@pytest.mark.django_db
def test_member_reports_a_profile(django_app, other_member, moderator):
    reporter = _settled("meadow")
    profile = django_app.get(reverse("accounts:profile-detail", args=[other_member.username]), user=reporter)
    form = form_with(profile.click(description="Report this member"), "reason", "note")
    form["reason"].select(ReportReason.OTHER)
    form["note"] = "Sends the same message to newcomers."
    done = form.submit().follow()
    assert "The member you reported never learns who reported them" in done.text
    item = QueueItem.objects.get(member=other_member)
    assert item.reports.get().note == "Sends the same message to newcomers."
    assert not Notification.objects.filter(recipient=other_member).exists()
    back = done.click(description="Back to where you were")
    assert other_member.username in back.text


@pytest.mark.django_db
def test_a_refused_report_keeps_what_was_typed(django_app, harsh_post):
    form = form_with(_open_report_form(django_app, harsh_post, _settled("patient")), "reason", "note")
    form["reason"].select(ReportReason.OTHER)
    form["note"] = "   "
    refused = form.submit()
    assert refused.status_code == 200 and "Please tell us a little" in refused.text
    form = form_with(refused, "reason", "note")
    assert form["reason"].value == ReportReason.OTHER
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_author_appeals_a_hidden_post_from_the_post_itself(
    django_app, harsh_post, section, moderator, django_capture_on_commit_callbacks
):
    file_report(acting_user=_settled("witness"), post=harsh_post, reason=ReportReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        resolve_item(
            QueueItem.objects.get(), acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section
        )
    author = harsh_post.author
    thread_page = django_app.get(harsh_post.thread.get_absolute_url(), user=author)
    assert "Hidden by a moderator because of guideline" in thread_page.text
    appeal_page = thread_page.click(description="Ask for this decision to be looked at again")
    form = form_with(appeal_page, "action", "text")  # the first form is the hide's
    assert form["action"].value == str(ModerationAction.objects.get(verb=ModerationVerb.HIDE_POST).pk)
    form["text"] = "I was upset. I've thought about it and I'm sorry."
    with django_capture_on_commit_callbacks(execute=True):
        done = form.submit().follow()
    assert "Another moderator will look again" in done.text
    appeal = Appeal.objects.get()
    assert appeal.action.verb == ModerationVerb.HIDE_POST and appeal.member == author
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.APPEAL).exists()
    # Another moderator decides, from the appeals page as rendered.
    other = ModeratorFactory()
    appeals = django_app.get(reverse("moderation:appeal-list"), user=other)
    decision = form_with(appeals, f"appeal-{appeal.pk}-decision")
    decision[f"appeal-{appeal.pk}-decision"].select("overturn")
    with django_capture_on_commit_callbacks(execute=True):
        decision.submit().follow()
    harsh_post.refresh_from_db()
    assert not harsh_post.is_hidden
    assert "reversed the decision" in Notification.objects.filter(recipient=author).order_by("-pk")[0].message
