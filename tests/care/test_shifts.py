"""A moderator's shift: when it begins (their "Start my shift", or their first action after a gap),
what it counts (items settled, urgent items opened, distressing content shown, each item once), the
break suggested every CARE_BREAK_EVERY_MINUTES with the hand-over, and ending it."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import ShiftMark, ShiftMarkKind
from care.selectors import moderator_ids_on_shift, shift_for_moderator
from care.services import end_shift, record_item_opened, record_reveal, start_shift, take_break
from moderation.models import ModerationAction, QueueItem, ReportReason
from moderation.services import claim_item, file_report, resolve_item
from safespace.refusals import Refused
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db


def _urgent_item():
    post = reply_to(ThreadFactory(), body="I can't see a way through tonight.")
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.WORRIED)
    return QueueItem.objects.get(post=post)


def _spam_item():
    post = reply_to(ThreadFactory())
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    return QueueItem.objects.get(post=post)


def _ago(queryset, **delta):
    queryset.update(created_at=timezone.now() - timedelta(**delta))


def test_no_shift_before_any_action(moderator):
    shift = shift_for_moderator(moderator)
    assert not shift.on_shift
    assert moderator.pk not in moderator_ids_on_shift()


def test_shift_begins_with_the_first_action_after_a_gap(moderator):
    early, later = _spam_item(), _spam_item()
    claim_item(early, acting_user=moderator)
    _ago(ModerationAction.objects.filter(item=early), hours=3)  # a shift this morning, long over
    claim_item(later, acting_user=moderator)
    _ago(ModerationAction.objects.filter(item=later), minutes=20)
    shift = shift_for_moderator(moderator)
    assert shift.on_shift and not shift.started_explicitly
    assert timezone.now() - shift.started_at < timedelta(minutes=21)
    assert moderator.pk in moderator_ids_on_shift()


def test_a_gap_longer_than_the_setting_ends_the_shift_by_itself(moderator, settings):
    settings.CARE_SHIFT_GAP_MINUTES = 30
    item = _spam_item()
    claim_item(item, acting_user=moderator)
    _ago(ModerationAction.objects.filter(item=item), minutes=45)
    assert not shift_for_moderator(moderator).on_shift
    assert moderator.pk not in moderator_ids_on_shift()


def test_started_shift_counts_items_settled_urgent_items_opened_and_content_shown_once_each(moderator):
    start_shift(acting_user=moderator)
    urgent = _urgent_item()
    assert record_item_opened(urgent, acting_user=moderator)
    assert not record_item_opened(urgent, acting_user=moderator)  # a reload is not a second item
    assert not record_item_opened(_spam_item(), acting_user=moderator)  # only urgent items count
    assert record_reveal(urgent, acting_user=moderator)
    assert not record_reveal(urgent, acting_user=moderator)
    resolve_item(urgent, acting_user=moderator, action="dismiss")
    shift = shift_for_moderator(moderator)
    assert shift.started_explicitly
    assert (shift.items_handled, shift.urgent_opened, shift.revealed) == (1, 1, 1)


def test_break_is_suggested_after_the_setting_and_again_after_each_break(moderator, settings):
    settings.CARE_BREAK_EVERY_MINUTES = 120
    start_shift(acting_user=moderator)
    assert not shift_for_moderator(moderator).break_due
    _ago(ShiftMark.objects.filter(moderator=moderator), minutes=121)
    assert shift_for_moderator(moderator).break_due
    take_break(acting_user=moderator)
    assert not shift_for_moderator(moderator).break_due
    settings.CARE_BREAK_EVERY_MINUTES = 0
    assert shift_for_moderator(moderator).break_due


def test_ending_a_shift_hands_over_what_they_hold_and_they_are_off_shift(moderator):
    start_shift(acting_user=moderator)
    item = _spam_item()
    claim_item(item, acting_user=moderator)
    assert end_shift(acting_user=moderator) == 1
    item.refresh_from_db()
    assert item.claimed_by is None
    assert not shift_for_moderator(moderator).on_shift
    assert moderator.pk not in moderator_ids_on_shift()


def test_only_moderators_have_shifts(member):
    with pytest.raises(Refused):
        start_shift(acting_user=member)
    assert not record_item_opened(_urgent_item(), acting_user=member)


# --- Pages, as rendered ---------------------------------------------------------------------------


def _step(page, step):
    return next(form for form in page.forms.values() if "form" in form.fields and form["form"].value == step)


def test_moderator_starts_a_shift_takes_a_break_and_ends_it_from_the_shift_page(django_app, moderator, settings):
    settings.CARE_BREAK_EVERY_MINUTES = 120
    page = django_app.get(reverse("care:shift"), user=moderator)
    assert "You are not on shift." in page.text
    page = _step(page, "start").submit().follow()
    assert "Your shift has started." in page.text
    assert "You started your shift at" in page.text
    assert "Time for a break?" not in page.text

    _ago(ShiftMark.objects.filter(moderator=moderator), minutes=125)
    page = django_app.get(reverse("care:shift"), user=moderator)
    assert "Time for a break?" in page.text
    page = _step(page, "break").submit().follow()
    assert "Enjoy your break." in page.text
    assert "Time for a break?" not in page.text

    page = _step(page, "end").submit().follow()
    assert "Your shift has ended" in page.text
    assert "You are not on shift." in page.text


def test_break_suggestion_on_the_queue_offers_the_hand_over_that_exists(django_app, moderator, settings):
    settings.CARE_BREAK_EVERY_MINUTES = 120
    start_shift(acting_user=moderator)
    _ago(ShiftMark.objects.filter(moderator=moderator), minutes=125)
    claim_item(_spam_item(), acting_user=moderator)
    claim_item(_spam_item(), acting_user=moderator)
    page = django_app.get(reverse("moderation:queue"), user=moderator)
    assert "Time for a break?" in page.text
    hand_over = next(form for form in page.forms.values() if form.action == reverse("moderation:hand-over"))
    done = hand_over.submit().follow()
    assert "Handed over: 2 items are back in the queue" in done.text


def test_opening_an_urgent_item_page_counts_in_the_shift(django_app, moderator):
    item = _urgent_item()
    django_app.get(reverse("moderation:item-detail", args=[item.pk]), user=moderator)
    assert ShiftMark.objects.filter(moderator=moderator, kind=ShiftMarkKind.OPENED_URGENT, item=item).count() == 1
    page = django_app.get(reverse("care:shift"), user=moderator)
    assert "Urgent items you opened" in page.text


def test_reveal_is_counted_for_moderators_who_may_see_the_item_only(client, moderator, member):
    item = _urgent_item()
    url = reverse("care:reveal", args=[item.pk])
    client.force_login(member)
    assert client.post(url).status_code == 403
    client.force_login(moderator)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 204
    assert client.post(reverse("care:reveal", args=[999999])).status_code == 404
    assert ShiftMark.objects.filter(kind=ShiftMarkKind.REVEALED).count() == 1


def test_blurred_content_in_the_queue_says_where_to_count_a_reveal(django_app, moderator):
    item = _urgent_item()
    page = django_app.get(reverse("moderation:queue"), user=moderator)
    assert f'data-care-reveal="{reverse("care:reveal", args=[item.pk])}"' in page.text
    assert "js/care" in page.text


@pytest.mark.parametrize("who", ["visitor", "member", "moderator without two-factor"])
def test_shift_page_is_for_moderators_with_two_factor_only(django_app, who):
    users = {
        "visitor": None,
        "member": UserFactory(),
        "moderator without two-factor": ModeratorFactory(two_factor=False),
    }
    response = django_app.get(reverse("care:shift"), user=users[who], expect_errors=True)
    if who == "member":
        assert response.status_code == 403
    elif who == "visitor":
        assert response.status_code == 302 and "login" in response.location
    else:
        assert response.status_code == 302 and response.location == reverse("mfa_activate_totp")


def test_shift_page_text_is_kind_and_private(django_app, moderator):
    page = django_app.get(reverse("care:shift"), user=moderator)
    assert "Only you see this page." in html.unescape(page.text)
