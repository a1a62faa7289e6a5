"""Reporting after reports already hid a post, the confirmation a reporter sees, what the author of
an auto-hidden post is told, and "I'm worried" once per person per day."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, NotificationKind, Post
from moderation.models import Lane, ModerationVerb, QueueItem, Report, ReportReason
from moderation.selectors import queue_page_for_moderator
from moderation.services import file_report
from tests.factories import ThreadFactory, UserFactory, reply_to

# Two established members' reports hide a post when no moderator is on (staffed 00:00-00:01).
OFF_HOURS = override_settings(MODERATION_STAFFED_HOURS="00:00-00:01", MODERATION_TIME_ZONE="UTC")


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def harsh_post(thread):
    return reply_to(thread, author=_settled("thornbush"), body="Nobody wants you here.")


@pytest.fixture
def auto_hidden_post(harsh_post, django_capture_on_commit_callbacks):
    with OFF_HOURS, django_capture_on_commit_callbacks(execute=True):
        for name in ("first_reporter", "second_reporter"):
            file_report(acting_user=_settled(name), post=harsh_post, reason=ReportReason.SPAM)
    harsh_post.refresh_from_db()
    assert harsh_post.is_hidden
    return harsh_post


@pytest.mark.django_db
def test_report_form_opens_for_a_member_who_could_read_the_post_after_reports_hid_it(auto_hidden_post):
    reader = _settled("late_reader")
    response = _client(reader).get(reverse("moderation:report-post", args=[auto_hidden_post.pk]))
    assert response.status_code == 200
    assert "hidden for now while a moderator looks" in response.content.decode()


@pytest.mark.django_db
def test_report_on_an_auto_hidden_post_is_added_to_its_item(auto_hidden_post):
    reader = _settled("late_reader")
    response = _client(reader).post(
        reverse("moderation:report-post", args=[auto_hidden_post.pk]), {"reason": "spam"}, follow=True
    )
    assert response.status_code == 200
    [item] = QueueItem.objects.filter(post=auto_hidden_post)
    assert item.reports.filter(reporter=reader, is_open=True).exists()
    assert item.reports.count() == 3


@pytest.mark.django_db
def test_worried_about_the_author_of_an_auto_hidden_post_opens_the_urgent_lane(
    auto_hidden_post, moderator, django_capture_on_commit_callbacks
):
    reader = _settled("kind_neighbour")
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(reader).post(
            reverse("moderation:report-post", args=[auto_hidden_post.pk]), {"reason": "worried"}, follow=True
        )
    assert "Thank you for looking out for someone" in response.content.decode()
    item = QueueItem.objects.get(post=auto_hidden_post)
    assert item.lane == Lane.URGENT
    assert Notification.objects.filter(recipient=moderator, kind=NotificationKind.URGENT_ITEM).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["visitor", "newcomer", "other_board_hidden", "moderator_hid_it"])
def test_a_hidden_post_is_the_same_404_for_those_who_could_not_see_it(who, auto_hidden_post, moderator, thread):
    url = reverse("moderation:report-post", args=[auto_hidden_post.pk])
    if who == "visitor":
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        return
    reader = _settled("curious")
    if who == "newcomer":
        reader = UserFactory(username="joined_after")  # joined after the post was hidden
    elif who == "other_board_hidden":
        thread.is_hidden = True
        thread.save(update_fields=["is_hidden"])
    else:
        from moderation.selectors import guideline_get_current
        from moderation.services import resolve_item

        section = guideline_get_current().sections.get(number=1)
        resolve_item(
            QueueItem.objects.get(post=auto_hidden_post),
            acting_user=moderator,
            action=ModerationVerb.HIDE_POST,
            guideline_section=section,
        )
    missing = _client(reader).get(reverse("moderation:report-post", args=[999_999]))
    response = _client(reader).get(url)
    assert response.status_code == missing.status_code == 404
    assert "hidden for now" not in response.content.decode()
    assert _client(reader).post(url, {"reason": "worried"}).status_code == 404
    assert not Report.objects.filter(reporter=reader).exists()


@pytest.mark.django_db
def test_the_report_that_hides_a_post_lands_on_a_kind_confirmation_not_a_404(harsh_post):
    with OFF_HOURS:
        file_report(acting_user=_settled("early"), post=harsh_post, reason=ReportReason.SPAM)
        tipping = _settled("tipping_point")
        response = _client(tipping).post(
            reverse("moderation:report-post", args=[harsh_post.pk]), {"reason": "spam"}, follow=True
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you for telling us" in html
    assert "The post is hidden for now while a moderator looks" in html
    assert f'href="{harsh_post.thread.get_absolute_url()}"' in html  # back to the thread, not the hidden post
    # A refresh of the confirmation shows the same page and files nothing more.
    assert _client(tipping).get(response.redirect_chain[-1][0]).status_code == 200
    assert Report.objects.filter(reporter=tipping).count() == 1


@pytest.mark.django_db
def test_the_confirmation_page_is_only_for_the_reporter(harsh_post, other_member):
    report, _ = file_report(acting_user=_settled("own_words"), post=harsh_post, reason=ReportReason.SPAM)
    url = reverse("moderation:report-sent", args=[report.pk])
    assert _client(other_member).get(url).status_code == 404
    assert _client(harsh_post.author).get(url).status_code == 404
    assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_auto_hidden_post_tells_its_author_members_reports_hid_it_until_a_moderator_looks(auto_hidden_post):
    html = _client(auto_hidden_post.author).get(auto_hidden_post.thread.get_absolute_url()).content.decode()
    assert "Hidden for now after members&#x27; reports, until a moderator looks." in html
    assert "Hidden by a moderator" not in html
    # Nothing to appeal yet: no moderator has decided.
    assert reverse("moderation:appeal-create") not in html
    told = Notification.objects.get(recipient=auto_hidden_post.author).message
    assert "after members' reports, until a moderator looks" in told and "No moderator has decided" in told


# --- "I'm worried", once per reporter per person per day ------------------------------------------


@pytest.mark.django_db
def test_worried_about_the_same_person_counts_once_a_day_across_their_posts(board, moderator):
    person = _settled("struggling")
    first = ThreadFactory(board=board, author=person, title="Can't sleep")
    second = ThreadFactory(board=board, author=person, title="Still here")
    worried = _settled("watchful")
    report, created = file_report(acting_user=worried, post=first.posts.get(), reason=ReportReason.WORRIED)
    again, again_created = file_report(acting_user=worried, post=second.posts.get(), reason=ReportReason.WORRIED)
    assert created and not again_created and again.pk == report.pk
    assert Report.objects.filter(reason=ReportReason.WORRIED).count() == 1
    # No empty item was left behind for the second post.
    assert list(QueueItem.objects.values_list("post_id", flat=True)) == [first.posts.get().pk]
    # Another member's worry counts; so does this member's, tomorrow.
    file_report(acting_user=_settled("second_friend"), post=second.posts.get(), reason=ReportReason.WORRIED)
    Report.objects.filter(pk=report.pk).update(worried_on=timezone.localdate() - timedelta(days=1))
    _, tomorrow = file_report(acting_user=worried, post=second.posts.get(), reason=ReportReason.WORRIED)
    assert tomorrow


@pytest.mark.django_db
def test_the_database_refuses_a_second_worry_about_the_same_person_the_same_day(harsh_post, thread):
    worried = _settled("db_guard")
    file_report(acting_user=worried, post=harsh_post, reason=ReportReason.WORRIED)
    other = reply_to(thread, author=harsh_post.author)
    item = QueueItem.objects.create(post=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            reporter=worried, item=item, post=other, reason=ReportReason.WORRIED,
            worried_about=harsh_post.author, worried_on=timezone.localdate(),
        )  # fmt: skip


@pytest.mark.django_db
def test_a_second_worry_shows_the_kind_page_saying_moderators_already_know(harsh_post, thread):
    worried = _settled("twice")
    other = reply_to(thread, author=harsh_post.author)
    client = _client(worried)
    client.post(reverse("moderation:report-post", args=[harsh_post.pk]), {"reason": "worried"})
    response = client.post(reverse("moderation:report-post", args=[other.pk]), {"reason": "worried"}, follow=True)
    html = response.content.decode()
    assert "You already told us today" in html and "Crisis lines" in html or "Get help now" in html
    assert Report.objects.filter(reason=ReportReason.WORRIED).count() == 1


@pytest.mark.django_db
def test_moderators_see_how_many_different_members_are_worried(harsh_post, moderator, moderator_client):
    for name in ("w_one", "w_two", "w_three"):
        file_report(acting_user=_settled(name), post=harsh_post, reason=ReportReason.WORRIED)
    file_report(acting_user=_settled("spam_only"), post=harsh_post, reason=ReportReason.SPAM)
    [item] = queue_page_for_moderator(viewer=moderator).object_list
    assert item.worried_members == 3
    queue = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert "3 different members are worried about this person" in queue
    detail = moderator_client.get(reverse("moderation:item-detail", args=[item.pk])).content.decode()
    assert "3 different members are worried about this person." in detail


@pytest.mark.django_db
def test_post_queryset_still_hides_auto_hidden_posts_from_other_readers(auto_hidden_post):
    reader = _settled("reader")
    assert not Post.objects.visible_to(reader).filter(pk=auto_hidden_post.pk).exists()
    page = _client(reader).get(auto_hidden_post.thread.get_absolute_url()).content.decode()
    assert "Nobody wants you here." not in page
