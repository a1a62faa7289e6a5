"""After settling an urgent item, the queue offers a short, optional debrief note: private to the
moderator, or shared with admins (and then only those reach the admin)."""

import html

import pytest
from django.urls import reverse

from care.models import Debrief, DebriefSharing
from care.services import skip_debrief, write_debrief
from moderation.models import QueueItem, ReportReason
from moderation.services import file_report, resolve_item
from safespace.refusals import Refused
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


def _urgent_item(title="Worried about my friend"):
    post = reply_to(ThreadFactory(title=title), body="I don't think I can keep going.")
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.WORRIED)
    return QueueItem.objects.get(post=post)


def _debrief_form(page):
    return next(form for form in page.forms.values() if "/debrief/" in form.action)


def _settle_from_the_item_page(django_app, moderator, item):
    page = django_app.get(reverse("moderation:item-detail", args=[item.pk]), user=moderator)
    form = page.forms["resolve"]
    form["action"] = "dismiss"
    return form.submit().follow()


def test_after_settling_an_urgent_item_the_queue_offers_a_debrief_shared_with_admins(django_app, moderator, admin_user):
    item = _urgent_item()
    queue = _settle_from_the_item_page(django_app, moderator, item)
    assert "You just settled an urgent item" in queue.text
    form = _debrief_form(queue)
    offered = [value for value, _label in ((b["value"], b) for b in form.html.select('input[name="sharing"]'))]
    assert offered == ["private", "admins"]
    form["text"] = "That one was close to home. Glad the friend reported it."
    form["sharing"] = "admins"
    done = form.submit().follow()
    assert "Thank you for writing it down." in done.text
    assert "You just settled an urgent item" not in done.text
    debrief = Debrief.objects.get(moderator=moderator, item=item)
    assert debrief.sharing == DebriefSharing.ADMINS

    shift = django_app.get(reverse("care:shift"), user=moderator)
    assert "That one was close to home." in shift.text

    listing = django_app.get(reverse("admin:care_debrief_changelist"), user=admin_user)
    assert "That one was close to home." in listing.text


def test_private_debrief_never_reaches_the_admin(django_app, moderator, admin_user):
    item = _urgent_item()
    resolve_item(item, acting_user=moderator, action="dismiss")
    write_debrief(item, acting_user=moderator, text="Just for me.", sharing=DebriefSharing.PRIVATE)
    listing = django_app.get(reverse("admin:care_debrief_changelist"), user=admin_user)
    assert "Just for me." not in listing.text
    other = ModeratorFactory()
    assert "Just for me." not in django_app.get(reverse("care:shift"), user=other).text


def test_no_thanks_is_kept_so_the_offer_is_not_repeated(django_app, moderator):
    item = _urgent_item()
    queue = _settle_from_the_item_page(django_app, moderator, item)
    done = _debrief_form(queue).submit("skip").follow()
    assert "That's fine. Take care of yourself." in html.unescape(done.text)
    assert "You just settled an urgent item" not in done.text
    assert Debrief.objects.get(moderator=moderator, item=item).skipped


def test_an_empty_note_is_explained_kindly_and_nothing_is_saved(django_app, moderator):
    item = _urgent_item()
    resolve_item(item, acting_user=moderator, action="dismiss")
    page = django_app.get(reverse("care:debrief-create", args=[item.pk]), user=moderator)
    form = _debrief_form(page)
    form["text"] = "   "
    again = form.submit()
    assert "Please write a few words, or choose “No thanks”." in html.unescape(again.text)
    assert not Debrief.objects.exists()


def test_debrief_is_offered_only_for_urgent_items_the_moderator_settled(django_app, moderator):
    settled_by_other = _urgent_item("Someone else's")
    resolve_item(settled_by_other, acting_user=ModeratorFactory(), action="dismiss")
    open_item = _urgent_item("Still open")
    spam_post = reply_to(ThreadFactory())
    file_report(acting_user=UserFactory(), post=spam_post, reason=ReportReason.SPAM)
    spam = QueueItem.objects.get(post=spam_post)
    resolve_item(spam, acting_user=moderator, action="dismiss")
    for item in (settled_by_other, open_item, spam):
        django_app.get(reverse("care:debrief-create", args=[item.pk]), user=moderator, status=404)
    assert "You just settled an urgent item" not in django_app.get(QUEUE, user=moderator).text


def test_a_debrief_sent_twice_is_kept_once(moderator):
    item = _urgent_item()
    resolve_item(item, acting_user=moderator, action="dismiss")
    first, created = write_debrief(item, acting_user=moderator, text="First.")
    again, created_again = write_debrief(item, acting_user=moderator, text="Second.")
    assert created and not created_again and first.pk == again.pk
    assert not skip_debrief(item, acting_user=moderator)
    assert Debrief.objects.get().text == "First."


def test_members_cannot_write_debriefs(member):
    item = _urgent_item()
    with pytest.raises(Refused):
        write_debrief(item, acting_user=member, text="Hello")
