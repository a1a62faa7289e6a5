"""Reports, the queue, claims and the first decisions (dismiss, hide, restore)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, NotificationKind, Post
from moderation.models import ItemStatus, Lane, ModerationAction, ModerationVerb, QueueItem, Report, ReportReason
from moderation.selectors import guideline_get_current, queue_page_for_moderator
from moderation.services import (
    REPORTS_PER_DAY,
    claim_item,
    file_report,
    release_item,
    resolve_item,
    restore_post,
)
from safespace.refusals import Refused
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.fixture
def harsh_post(thread):
    return reply_to(thread, author=_settled("sharpedge"), body="Just get over it, everyone has problems.")


@pytest.fixture
def section():
    return guideline_get_current().sections.get(number=1)


@pytest.mark.django_db
def test_reports_gather_into_one_item_with_weighted_score(harsh_post, moderator):
    file_report(acting_user=_settled("a"), post=harsh_post, reason=ReportReason.SPAM)
    file_report(acting_user=UserFactory(), post=harsh_post, reason=ReportReason.SPAM)  # a brand-new account
    file_report(acting_user=moderator, post=harsh_post, reason=ReportReason.SPAM)
    [item] = QueueItem.objects.all()
    assert item.reports.count() == 3
    assert item.score == Decimal("1") + Decimal("0.6") + Decimal("3")


@pytest.mark.django_db
def test_reporting_again_updates_the_note_instead_of_adding_a_report(harsh_post):
    reporter = _settled("b")
    file_report(acting_user=reporter, post=harsh_post, reason=ReportReason.OTHER, note="unkind")
    report, created = file_report(acting_user=reporter, post=harsh_post, reason=ReportReason.OTHER, note="very unkind")
    assert not created and report.note == "very unkind"
    assert Report.objects.count() == 1 and QueueItem.objects.get().score == 1


@pytest.mark.django_db
def test_report_refusals_are_kind_and_clear(harsh_post):
    reporter = _settled("c")
    with pytest.raises(Refused, match="tell us a little"):
        file_report(acting_user=reporter, post=harsh_post, reason=ReportReason.OTHER, note=" ")
    with pytest.raises(Refused, match="which guideline"):
        file_report(acting_user=reporter, post=harsh_post, reason=ReportReason.GUIDELINE)
    with pytest.raises(Refused, match="can't report yourself"):
        file_report(acting_user=harsh_post.author, post=harsh_post, reason=ReportReason.SPAM)
    assert not QueueItem.objects.exists()


@pytest.mark.django_db
def test_reports_are_limited_per_day(thread):
    reporter = _settled("d")
    posts = [reply_to(thread) for _ in range(REPORTS_PER_DAY + 1)]
    for post in posts[:REPORTS_PER_DAY]:
        file_report(acting_user=reporter, post=post, reason=ReportReason.SPAM)
    with pytest.raises(Refused, match="a lot of reports today"):
        file_report(acting_user=reporter, post=posts[-1], reason=ReportReason.SPAM)


@pytest.mark.django_db
def test_worried_report_is_urgent_alerts_moderators_and_tells_the_member_nothing(
    harsh_post, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_report(acting_user=_settled("e"), post=harsh_post, reason=ReportReason.WORRIED)
    item = QueueItem.objects.get()
    assert item.lane == Lane.URGENT
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.URGENT_ITEM).count() == 1
    assert not Notification.objects.filter(recipient=harsh_post.author).exists()
    assert all(harsh_post.author.email not in email.to for email in mail.outbox)


@pytest.mark.django_db
def test_queue_orders_urgent_then_score_then_age(thread, moderator):
    old, busy, urgent = reply_to(thread), reply_to(thread), reply_to(thread)
    file_report(acting_user=_settled("f"), post=old, reason=ReportReason.SPAM)
    for name in ("g", "h"):
        file_report(acting_user=_settled(name), post=busy, reason=ReportReason.SPAM)
    file_report(acting_user=_settled("i"), post=urgent, reason=ReportReason.WORRIED)
    page = queue_page_for_moderator(viewer=moderator)
    assert [item.post for item in page.object_list] == [urgent, busy, old]
    assert [item.post for item in queue_page_for_moderator(viewer=moderator, lane=Lane.REPORTS)] == [busy, old]


@pytest.mark.django_db
def test_claims_show_who_has_it_and_expire_after_30_minutes(harsh_post, moderator):
    file_report(acting_user=_settled("j"), post=harsh_post, reason=ReportReason.SPAM)
    item = QueueItem.objects.get()
    other = ModeratorFactory()
    assert claim_item(item, acting_user=moderator) is True
    assert claim_item(item, acting_user=other) is False
    QueueItem.objects.filter(pk=item.pk).update(claimed_at=timezone.now() - timedelta(minutes=31))
    assert claim_item(item, acting_user=other) is True
    assert release_item(item, acting_user=moderator) is False  # no longer theirs
    assert release_item(item, acting_user=other) is True
    assert list(ModerationAction.objects.values_list("verb", flat=True)) == ["release", "claim", "claim"]


@pytest.mark.django_db
def test_hiding_a_reported_post_tells_author_and_reporters_once(
    harsh_post, moderator, section, django_capture_on_commit_callbacks
):
    reporter = _settled("kestrel_reporter")
    file_report(acting_user=reporter, post=harsh_post, reason=ReportReason.GUIDELINE, guideline_section=section)
    item = QueueItem.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert resolve_item(item, acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section)
        assert not resolve_item(item, acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section)
    harsh_post.refresh_from_db()
    assert harsh_post.is_hidden
    assert (
        harsh_post.hidden_reason == f"Hidden by a moderator because of guideline {section.number}, “{section.title}”."
    )
    author_client = Client()
    author_client.force_login(harsh_post.author)
    assert harsh_post.hidden_reason in author_client.get(harsh_post.thread.get_absolute_url()).content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.RESOLVED and not item.reports.filter(is_open=True).exists()
    [to_author] = Notification.objects.filter(recipient=harsh_post.author)
    assert f"guideline {section.number}" in to_author.message and "nothing you wrote is lost" in to_author.message
    [to_reporter] = Notification.objects.filter(recipient=reporter)
    assert to_reporter.message.startswith("We reviewed the post you reported and took action")
    assert reporter.username not in to_author.message
    assert ModerationAction.objects.filter(verb=ModerationVerb.HIDE_POST, item=item).count() == 1
    # The author still sees their hidden post; others get the same 404 as for a missing one.
    assert Post.objects.visible_to(harsh_post.author).filter(pk=harsh_post.pk).exists()
    assert not Post.objects.visible_to(reporter).filter(pk=harsh_post.pk).exists()


@pytest.mark.django_db
def test_dismissing_tells_the_reporter_it_stays_up(harsh_post, moderator, django_capture_on_commit_callbacks):
    reporter = _settled("l")
    file_report(acting_user=reporter, post=harsh_post, reason=ReportReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        resolve_item(QueueItem.objects.get(), acting_user=moderator, action=ModerationVerb.DISMISS)
    harsh_post.refresh_from_db()
    assert not harsh_post.is_hidden
    assert "it stays up" in Notification.objects.get(recipient=reporter).message


@pytest.mark.django_db
def test_restore_is_idempotent_and_logged(harsh_post, moderator, django_capture_on_commit_callbacks):
    Post.objects.filter(pk=harsh_post.pk).update(is_hidden=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert restore_post(harsh_post, acting_user=moderator) is True
        assert restore_post(harsh_post, acting_user=moderator) is False
    assert ModerationAction.objects.filter(verb=ModerationVerb.RESTORE_POST).count() == 1
    assert "restored your post" in Notification.objects.get(recipient=harsh_post.author).message


# --- Views and permissions -----------------------------------------------------------------------


@pytest.mark.django_db
def test_member_reports_a_post_through_the_form(member_client, harsh_post, section):
    url = reverse("moderation:report-post", args=[harsh_post.pk])
    page = member_client.get(url).content.decode()
    assert f"{section.number}. {section.title}" in page and "I&#x27;m worried about this person" in page
    refused = member_client.post(url, {"reason": "other", "note": ""})
    assert "Please tell us a little" in refused.content.decode()
    response = member_client.post(url, {"reason": f"guideline-{section.number}", "note": "harsh"}, follow=True)
    assert "Your report has reached the moderators" in response.content.decode()
    assert Report.objects.get().guideline_section == section


@pytest.mark.django_db
def test_worried_report_page_gives_crisis_lines_and_gentle_advice(member_client, harsh_post):
    from tests.factories import ResourceFactory

    ResourceFactory(name="Night Line", kind="crisis-line", phone="+441234567890")
    from resources.services import refresh_help_snapshot

    refresh_help_snapshot()
    response = member_client.post(
        reverse("moderation:report-post", args=[harsh_post.pk]), {"reason": "worried"}, follow=True
    )
    html = response.content.decode()
    assert "Thank you for looking out for someone" in html and "Night Line" in html
    assert "We won't send the other member any message" in html


@pytest.mark.django_db
def test_member_profile_can_be_reported(member_client, other_member):
    response = member_client.post(
        reverse("moderation:report-member", args=[other_member.username]), {"reason": "spam"}, follow=True
    )
    assert response.status_code == 200
    assert QueueItem.objects.get().member == other_member


@pytest.mark.django_db
def test_reporting_needs_login(anon_client, harsh_post):
    response = anon_client.post(reverse("moderation:report-post", args=[harsh_post.pk]), {"reason": "spam"})
    assert response.url.startswith(reverse("account_login"))
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["queue", "item"])
def test_queue_pages_per_role(route, anon_client, member_client, moderator_client, moderator_without_mfa, harsh_post):
    file_report(acting_user=_settled("m"), post=harsh_post, reason=ReportReason.SPAM)
    url = (
        reverse("moderation:queue")
        if route == "queue"
        else reverse("moderation:item-detail", args=[QueueItem.objects.get().pk])
    )
    assert anon_client.get(url).url.startswith(reverse("account_login"))
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"form": "claim"}).status_code == 403
    without_mfa = Client()
    without_mfa.force_login(moderator_without_mfa)
    assert without_mfa.get(url).url == reverse("mfa_activate_totp")
    assert moderator_client.get(url).status_code == 200
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_moderator_claims_and_hides_through_the_pages(moderator_client, harsh_post, section):
    file_report(acting_user=_settled("n"), post=harsh_post, reason=ReportReason.SPAM)
    item = QueueItem.objects.get()
    url = reverse("moderation:item-detail", args=[item.pk])
    claimed = moderator_client.post(url, {"form": "claim"}, follow=True).content.decode()
    assert "It&#x27;s yours for now." in claimed and "You have this item." in claimed
    refused = moderator_client.post(url, {"form": "resolve", "action": ModerationVerb.HIDE_POST})
    assert "Please say which guideline" in refused.content.decode()
    done = moderator_client.post(
        url, {"form": "resolve", "action": ModerationVerb.HIDE_POST, "guideline": f"guideline-{section.number}"},
        follow=True,
    )  # fmt: skip
    assert "Hidden. The author has been told which guideline" in done.content.decode()
    harsh_post.refresh_from_db()
    assert harsh_post.is_hidden


@pytest.mark.django_db
def test_urgent_items_are_blurred_in_the_queue(moderator_client, harsh_post):
    file_report(acting_user=_settled("o"), post=harsh_post, reason=ReportReason.WORRIED)
    html = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "Distressing content: show it" in html


@pytest.mark.django_db
def test_queue_query_count_is_constant(moderator_client, moderator):
    thread = ThreadFactory()

    def measure():
        moderator_client.get(reverse("moderation:queue"))
        with CaptureQueriesContext(connection) as captured:
            moderator_client.get(reverse("moderation:queue"))
        return len(captured)

    file_report(acting_user=_settled("p"), post=reply_to(thread), reason=ReportReason.SPAM)
    one = measure()
    for index in range(24):
        post = reply_to(thread)
        file_report(acting_user=_settled(f"q{index}"), post=post, reason=ReportReason.SPAM)
        claim_item(QueueItem.objects.get(post=post), acting_user=moderator)
    assert measure() == one <= 10


# --- Automatic hide and staffed hours ------------------------------------------------------------


@pytest.mark.django_db
def test_reports_past_the_threshold_hide_the_post_until_a_moderator_decides(
    harsh_post, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("r1", "r2"):
            file_report(acting_user=_settled(name), post=harsh_post, reason=ReportReason.SPAM)
        harsh_post.refresh_from_db()
        assert not harsh_post.is_hidden  # 2 of 3
        file_report(acting_user=_settled("r3"), post=harsh_post, reason=ReportReason.SPAM)
    harsh_post.refresh_from_db()
    assert harsh_post.is_hidden
    assert ModerationAction.objects.get(verb=ModerationVerb.AUTO_HIDE).actor is None
    assert "hidden for now" in Notification.objects.get(recipient=harsh_post.author).message
    with django_capture_on_commit_callbacks(execute=True):
        resolve_item(QueueItem.objects.get(), acting_user=moderator, action=ModerationVerb.DISMISS)
    harsh_post.refresh_from_db()
    assert not harsh_post.is_hidden  # no guideline broken: it comes back


@pytest.mark.django_db
def test_new_accounts_need_five_reports_and_worry_never_hides(harsh_post):
    for _ in range(4):
        file_report(acting_user=UserFactory(), post=harsh_post, reason=ReportReason.SPAM)
    harsh_post.refresh_from_db()
    assert not harsh_post.is_hidden  # 4 × 0.6 = 2.4
    for name in ("w1", "w2", "w3", "w4"):
        file_report(acting_user=_settled(name), post=harsh_post, reason=ReportReason.WORRIED)
    harsh_post.refresh_from_db()
    assert not harsh_post.is_hidden
    file_report(acting_user=UserFactory(), post=harsh_post, reason=ReportReason.SPAM)
    harsh_post.refresh_from_db()
    assert harsh_post.is_hidden  # 5 × 0.6 = 3


@pytest.mark.django_db
def test_off_hours_lower_the_threshold_and_say_when_moderators_are_back(harsh_post, anon_client):
    from moderation.staffing import moderators_back_at, moderators_on_duty

    evening = timezone.now().replace(hour=23, minute=30)
    with override_settings(MODERATION_STAFFED_HOURS="08:00-22:00", MODERATION_TIME_ZONE="UTC"):
        assert not moderators_on_duty(evening)
        assert moderators_back_at(evening).hour == 8 and moderators_back_at(evening) > evening
        assert moderators_on_duty(evening.replace(hour=9))
    with override_settings(MODERATION_STAFFED_HOURS="18:00-02:00", MODERATION_TIME_ZONE="UTC"):
        assert moderators_on_duty(evening) and not moderators_on_duty(evening.replace(hour=3))
    with override_settings(MODERATION_STAFFED_HOURS="00:00-00:01", MODERATION_TIME_ZONE="UTC"):
        html = anon_client.get("/").content.decode()
        assert "Moderators are back at 00:00 UTC." in html and 'href="/help/"' in html
        for name in ("o1", "o2"):
            file_report(acting_user=_settled(name), post=harsh_post, reason=ReportReason.SPAM)
        harsh_post.refresh_from_db()
        assert harsh_post.is_hidden  # 2 established members are enough off hours


@pytest.mark.django_db
def test_queue_counts_urgent_items_handled_today_and_hands_over(moderator_client, moderator, thread):
    for index in range(3):
        post = reply_to(thread)
        file_report(acting_user=_settled(f"u{index}"), post=post, reason=ReportReason.WORRIED)
        resolve_item(QueueItem.objects.get(post=post), acting_user=moderator, action=ModerationVerb.DISMISS)
    for index in range(2):
        post = reply_to(thread)
        file_report(acting_user=_settled(f"c{index}"), post=post, reason=ReportReason.SPAM)
        claim_item(QueueItem.objects.get(post=post), acting_user=moderator)
    page = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "You handled 3 urgent items today." in page and "It's okay to hand over" in page
    assert "Hand over the 2 items you hold" in page
    done = moderator_client.post(reverse("moderation:hand-over"), follow=True).content.decode()
    assert "Handed over: 2 items are back in the queue" in done
    assert not QueueItem.objects.filter(claimed_by=moderator, status=ItemStatus.OPEN).exists()


@pytest.mark.django_db
def test_item_page_shows_private_notes_on_the_member_but_not_for_anonymous_posts(moderator_client, moderator, thread):
    from moderation.services import add_member_note

    named = reply_to(thread, author=_settled("named_writer"))
    add_member_note(named.author, acting_user=moderator, text="Going through a divorce; be gentle.")
    file_report(acting_user=_settled("s1"), post=named, reason=ReportReason.SPAM)
    page = moderator_client.get(reverse("moderation:item-detail", args=[QueueItem.objects.get().pk])).content.decode()
    assert "Going through a divorce; be gentle." in page
    hidden_name = reply_to(thread, author=named.author, body="Anonymous words", is_anonymous=True)
    file_report(acting_user=_settled("s2"), post=hidden_name, reason=ReportReason.SPAM)
    page = moderator_client.get(
        reverse("moderation:item-detail", args=[QueueItem.objects.get(post=hidden_name).pk])
    ).content.decode()
    assert "Going through a divorce" not in page and "named_writer" not in page
