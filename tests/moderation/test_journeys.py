"""Moderators' journeys through the pages as rendered (django-webtest): every moderation page
with a form is fetched, filled from the options it offers, and submitted. Each decision is walked
from the queue card through the item page for a named post, an anonymous post, a held post and a
post that members' reports hid; then what the author and reporters were told is read back."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, NotificationKind, Post
from forums.services.posts import create_reply
from moderation.models import Appeal, ItemStatus, ModerationAction, QueueItem, ReportReason
from moderation.services import file_appeal, file_report, resolve_item
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


def _text(page) -> str:
    return html.unescape(page.text)


def _form(page, step):
    """The form on the page whose hidden "form" field says which step it is."""
    return next(form for form in page.forms.values() if "form" in form.fields and form["form"].value == step)


def _open_card(page, item):
    """From the queue, the card's Open link (fails if the card is not on the page)."""
    return page.click(href=reverse("moderation:item-detail", args=[item.pk]) + "$")


def _offered(form, name="action"):
    """(value, label) for each radio button the page offers under this name."""
    for box in form.html.select(f'input[name="{name}"]'):
        label = form.response.html.find("label", attrs={"for": box["id"]})
        yield box["value"], label.get_text(" ", strip=True) if label else ""


def _radio_labels(form):
    return [label for _value, label in _offered(form)]


def _choose(form, label_words):
    """Ticks the decision whose label contains these words, from the options the page offers."""
    offered = dict(_offered(form))
    value = next((value for value, label in offered.items() if label_words in label), None)
    assert value is not None, f"the page does not offer “{label_words}”: {list(offered.values())}"
    form["action"] = value


def _pick_guideline(form):
    options = [value for value, _selected, *_ in form["guideline"].options if value]
    form["guideline"] = options[0]  # the first guideline the page offers
    return int(options[0].removeprefix("guideline-"))


def _reported(post, *names):
    reporters = [_settled(name) for name in names]
    for reporter in reporters:
        file_report(acting_user=reporter, post=post, reason=ReportReason.SPAM)
    _deliver_notifications()
    return reporters


def _held_post(settings, *, author=None, anonymous=False, body="Hello, I'm new here."):
    settings.MODERATION_HOLD_FIRST_POST = True
    author = author or UserFactory(username="newleaf")
    Post.objects.filter(author=author).update(created_at=timezone.now() - timedelta(minutes=1))
    return create_reply(ThreadFactory(title="Finding my feet"), acting_user=author, body=body, is_anonymous=anonymous)


def _trusted(member) -> bool:
    from moderation.models import TrustedMember

    return TrustedMember.objects.filter(member=member).exists()


def _told(member, kind=NotificationKind.MODERATION):
    _deliver_notifications()
    return list(Notification.objects.filter(recipient=member, kind=kind).values_list("message", flat=True))


def _deliver_notifications():
    """Notifications fan out after commit; a test runs inside one transaction, so run what waits
    for the commit now, as the worker would once the request committed."""
    from django.db import connection

    while connection.run_on_commit:
        _savepoints, callback, _robust = connection.run_on_commit.pop(0)
        callback()


def test_named_post_hidden_from_the_queue_card_through_the_item_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("sharpedge"), body="Just get over it.")
    [reporter] = _reported(post, "linden")
    queue = django_app.get(QUEUE, user=moderator)
    assert "by sharpedge" in _text(queue)
    item_page = _open_card(queue, QueueItem.objects.get())
    form = item_page.forms["resolve"]
    _choose(form, "Hide the post")
    number = _pick_guideline(form)
    done = form.submit().follow()
    assert "Hidden. The author has been told which guideline" in _text(done)
    post.refresh_from_db()
    assert post.is_hidden and f"guideline {number}" in post.hidden_reason
    assert ModerationAction.objects.filter(verb="hide-post", actor=moderator, post=post).count() == 1
    [to_author] = _told(post.author)
    assert f"guideline {number}" in to_author and "ask for it to be looked at again" in to_author
    [to_reporter] = _told(reporter, NotificationKind.REPORT_OUTCOME)
    assert to_reporter.startswith("We reviewed the post you reported and took action")


def test_named_post_left_up_from_the_item_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("gentle"), body="Have you tried a walk?")
    [reporter] = _reported(post, "quince")
    form = _open_card(django_app.get(QUEUE, user=moderator), QueueItem.objects.get()).forms["resolve"]
    _choose(form, "No guideline broken: leave it up")
    done = form.submit().follow()
    assert "Settled: nothing changes for the post." in _text(done)
    assert not Post.objects.get(pk=post.pk).is_hidden and _told(post.author) == []
    assert "it stays up" in _told(reporter, NotificationKind.REPORT_OUTCOME)[0]


def test_anonymous_post_settled_without_its_author_shown_anywhere(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("hiddenfern"), body="Nobody cares.", is_anonymous=True)
    [reporter] = _reported(post, "rowanberry")
    queue = django_app.get(QUEUE, user=moderator)
    assert "posted anonymously" in _text(queue) and "hiddenfern" not in queue.text
    item_page = _open_card(queue, QueueItem.objects.get())
    assert "hiddenfern" not in item_page.text and "Posted anonymously" in _text(item_page)
    # Trust is a named post's choice only: an anonymous post never links to its author's others.
    assert "trust" not in " ".join(_radio_labels(item_page.forms["resolve"])).lower()
    form = item_page.forms["resolve"]
    _choose(form, "Hide the post")
    _pick_guideline(form)
    form.submit().follow()
    assert Post.objects.get(pk=post.pk).is_hidden
    [to_reporter] = _told(reporter, NotificationKind.REPORT_OUTCOME)
    assert "took action" in to_reporter and "hiddenfern" not in to_reporter
    assert len(_told(post.author)) == 1


def test_held_post_approved_from_the_queue_card_through_the_item_page(django_app, moderator, settings):
    held = _held_post(settings)
    queue = django_app.get(QUEUE + "?lane=held", user=moderator)
    item_page = _open_card(queue, QueueItem.objects.get())
    assert "Waiting for approval" in _text(item_page)
    form = item_page.forms["resolve"]
    _choose(form, "Approve: publish it now")  # fails if the page never offers approve
    done = form.submit().follow()
    assert "Published. The author has been told." in _text(done)
    held.refresh_from_db()
    assert not held.is_pending_approval and not held.is_hidden
    assert "approved" in _told(held.author)[0]
    assert "Nothing waiting here" in _text(done)


def test_held_post_not_published_from_the_item_page(django_app, moderator, settings):
    held = _held_post(settings, body="Visit my shop")
    form = _open_card(django_app.get(QUEUE, user=moderator), QueueItem.objects.get()).forms["resolve"]
    _choose(form, "Don't publish it")
    number = _pick_guideline(form)
    form.submit().follow()
    held.refresh_from_db()
    assert held.is_pending_approval and held.is_hidden
    assert f"guideline {number}" in _told(held.author)[0]


def test_anonymous_held_post_approved_from_the_item_page(django_app, moderator, settings):
    held = _held_post(settings, anonymous=True)
    queue = django_app.get(QUEUE + "?lane=held", user=moderator)
    assert "newleaf" not in queue.text
    form = _open_card(queue, QueueItem.objects.get()).forms["resolve"]
    assert not any("trust" in label.lower() for label in _radio_labels(form))
    _choose(form, "Approve: publish it now")
    form.submit().follow()
    assert not Post.objects.get(pk=held.pk).is_pending_approval


def test_post_reports_hid_is_confirmed_hidden_from_the_item_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("thornfield"), body="You people are pathetic.")
    reporters = _reported(post, "aspen", "birch", "cedar")
    post.refresh_from_db()
    assert post.is_hidden  # the reports hid it until a moderator looks
    Notification.objects.filter(recipient=post.author).delete()
    queue = django_app.get(QUEUE, user=moderator)
    item_page = _open_card(queue, QueueItem.objects.get())
    assert "Hidden for now after members' reports" in _text(item_page)
    form = item_page.forms["resolve"]
    _choose(form, "Keep it hidden")
    number = _pick_guideline(form)
    form.submit().follow()
    post.refresh_from_db()
    assert post.is_hidden and "for now" not in post.hidden_reason
    assert f"guideline {number}" in post.hidden_reason
    [to_author] = _told(post.author)
    assert f"guideline {number}" in to_author
    for reporter in reporters:
        assert _told(reporter, NotificationKind.REPORT_OUTCOME)[0].startswith(
            "We reviewed the post you reported and took"
        )
    # The author now has a decision to ask about, named on the appeal page.
    appeal_page = django_app.get(reverse("moderation:appeal-create"), user=post.author)
    assert "Hid a post" in _text(appeal_page)


def test_post_reports_hid_is_shown_again_from_the_item_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("willowbank"), body="I disagree with that advice.")
    reporters = _reported(post, "alder", "beech", "cherry")
    form = _open_card(django_app.get(QUEUE, user=moderator), QueueItem.objects.get()).forms["resolve"]
    _choose(form, "No guideline broken: show it again")
    done = form.submit().follow()
    assert "Shown again." in _text(done)
    assert not Post.objects.get(pk=post.pk).is_hidden
    told = _told(post.author)
    assert len(told) == 2 and any("hidden for now" in m for m in told)
    assert any("found no guideline broken" in m for m in told)
    assert all("it stays up" in _told(r, NotificationKind.REPORT_OUTCOME)[0] for r in reporters)


def test_urgent_item_settled_from_the_item_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("emberlight"), body="I can't do this anymore.")
    reporter = _settled("kindly")
    file_report(acting_user=reporter, post=post, reason=ReportReason.WORRIED)
    queue = django_app.get(QUEUE, user=moderator)
    form = _open_card(queue, QueueItem.objects.get()).forms["resolve"]
    _choose(form, "No guideline broken: leave it up")
    form.submit().follow()
    assert QueueItem.objects.get().status == ItemStatus.RESOLVED
    assert _told(reporter, NotificationKind.REPORT_OUTCOME)[0].startswith("Thank you for looking out for someone")


def test_urgent_item_tells_each_reporter_about_their_own_report(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("emberlight"), body="Nobody here gets it.")
    [guideline_reporter] = _reported(post, "hazel")
    worried = _settled("kindly")
    file_report(acting_user=worried, post=post, reason=ReportReason.WORRIED)
    form = _open_card(django_app.get(QUEUE, user=moderator), QueueItem.objects.get()).forms["resolve"]
    _choose(form, "leave it up")
    form.submit().follow()
    assert _told(worried, NotificationKind.REPORT_OUTCOME)[0].startswith("Thank you for looking out for someone")
    told = _told(guideline_reporter, NotificationKind.REPORT_OUTCOME)[0]
    assert told.startswith("We reviewed the post you reported and it stays up")
    assert "looking out for someone" not in told


def test_another_moderators_decision_is_named_instead_of_done(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("bracken"), body="Words.")
    _reported(post, "hazel")
    item = QueueItem.objects.get()
    form = _open_card(django_app.get(QUEUE, user=moderator), item).forms["resolve"]
    _choose(form, "No guideline broken: leave it up")
    other = ModeratorFactory(username="sorrel")
    resolve_item(item, acting_user=other, action="hide-post", guideline_section=_first_section())
    done = form.submit().follow()
    text = _text(done)
    assert "Another moderator settled this a moment ago: Hid a post (sorrel)." in text
    assert "nothing changes" not in text.lower()
    assert Post.objects.get(pk=post.pk).is_hidden  # the first decision stands


def test_moderator_who_settled_the_item_in_another_tab_is_not_sent_looking_for_a_colleague(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("bracken"), body="Words.")
    _reported(post, "hazel")
    item = QueueItem.objects.get()
    first_tab = _open_card(django_app.get(QUEUE, user=moderator), item).forms["resolve"]
    second_tab = _open_card(django_app.get(QUEUE, user=moderator), item).forms["resolve"]
    _choose(first_tab, "No guideline broken: leave it up")
    first_tab.submit().follow()
    _choose(second_tab, "No guideline broken: leave it up")
    text = _text(second_tab.submit().follow())
    assert "You already settled this a moment ago, in another tab or window: Dismissed" in text
    assert "Another moderator" not in text


def _first_section():
    from moderation.selectors import guideline_get_current

    return guideline_get_current().sections.order_by("number").first()


def test_queue_card_approves_a_held_post_with_its_own_button(django_app, moderator, settings):
    held = _held_post(settings)
    queue = django_app.get(QUEUE, user=moderator)
    done = queue.forms["queue-settle"].submit("approve", value=str(QueueItem.objects.get().pk)).follow()
    assert "Published." in _text(done)
    assert not Post.objects.get(pk=held.pk).is_pending_approval


def test_one_card_per_members_held_posts_approved_and_trusted_together(django_app, moderator, settings):
    newcomer = UserFactory(username="fernleaf")
    posts = [_held_post(settings, author=newcomer, body=f"Post number {n}") for n in range(3)]
    anonymous = _held_post(settings, author=newcomer, anonymous=True, body="Words without my name")
    queue = django_app.get(QUEUE + "?lane=held", user=moderator)
    text = _text(queue)
    assert "3 held posts from fernleaf" in text and text.count("fernleaf") == 2  # the heading and the trust button
    cards = queue.html.select("li.queue-item")
    assert len(cards) == 2
    lone = next(card for card in cards if "Words without my name" in card.text)
    assert "fernleaf" not in lone.text
    first_item = QueueItem.objects.get(post=posts[0])
    done = queue.forms["queue-settle"].submit("trust", value=str(first_item.pk)).follow()
    assert "Published." in _text(done)
    assert not Post.objects.filter(pk__in=[p.pk for p in posts], is_pending_approval=True).exists()
    assert _trusted(newcomer)
    assert Post.objects.get(pk=anonymous.pk).is_pending_approval  # its own look, never linked


def test_several_items_settled_together_with_one_confirmation(django_app, moderator, settings):
    spam = [reply_to(ThreadFactory(), author=_settled(f"seller{n}"), body=f"Buy now {n}") for n in range(2)]
    for post in spam:
        _reported(post, f"noticer{post.pk}")
    kept = reply_to(ThreadFactory(), author=_settled("kindsoul"), body="Sending love.")
    _reported(kept, "grumpy")
    queue = django_app.get(QUEUE, user=moderator)
    form = queue.forms["queue-settle"]
    wanted = {str(QueueItem.objects.get(post=post).pk) for post in spam}
    for index in range(len(form.fields["item"])):
        box = form.get("item", index=index)
        if box._value in wanted:
            box.checked = True
    confirm = form.submit("step", value="choose")
    assert "You chose 2 items." in _text(confirm)
    assert not Post.objects.filter(pk__in=[p.pk for p in spam], is_hidden=True).exists()  # nothing yet
    settle = confirm.forms["settle-together"]
    _choose(settle, "Hide them")
    number = _pick_guideline(settle)
    done = settle.submit().follow()
    assert "Settled 2 items." in _text(done)
    for post in spam:
        post.refresh_from_db()
        assert post.is_hidden and f"guideline {number}" in post.hidden_reason
        assert f"guideline {number}" in _told(post.author)[0]
    assert not Post.objects.get(pk=kept.pk).is_hidden
    assert QueueItem.objects.get(post=kept).status == ItemStatus.OPEN


def test_settling_together_without_a_guideline_keeps_the_choice_and_asks(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("loud"), body="Shouting.")
    _reported(post, "quiet")
    form = django_app.get(QUEUE, user=moderator).forms["queue-settle"]
    form.get("item", index=0).checked = True
    confirm = form.submit("step", value="choose").forms["settle-together"]
    _choose(confirm, "Hide them")
    again = confirm.submit()
    assert "Please say which guideline the post breaks" in _text(again)
    assert again.forms["settle-together"]["action"].value == "hide-post"
    assert QueueItem.objects.get().status == ItemStatus.OPEN


def test_queue_filters_fold_behind_a_filter_disclosure(django_app, moderator, settings):
    _held_post(settings)
    reply = reply_to(ThreadFactory(), author=_settled("plainspoken"), body="Hmm.")
    _reported(reply, "watcher")
    queue = django_app.get(QUEUE, user=moderator)
    disclosure = queue.html.select_one("details.queue-filters")
    assert disclosure.summary.get_text(strip=True) == "Filter" and not disclosure.has_attr("open")
    form = queue.forms["queue-filter"]
    form["lane"] = next(value for value, _s, *_ in form["lane"].options if value == "held")
    filtered = form.submit()
    assert filtered.html.select_one("details.queue-filters").has_attr("open")
    assert len(filtered.html.select("li.queue-item")) == 1 and "Finding my feet" in filtered.text


def test_held_post_approved_from_the_posts_moderation_page(django_app, moderator, settings):
    held = _held_post(settings)
    page = django_app.get(reverse("moderation:post-moderate", args=[held.pk]), user=moderator)
    done = _form(page, "approve").submit().follow()
    assert "Published. The author has been told." in _text(done)
    held.refresh_from_db()
    assert not held.is_pending_approval
    assert QueueItem.objects.get().status == ItemStatus.RESOLVED


def test_held_post_approved_and_trusted_from_the_posts_moderation_page(django_app, moderator, settings):
    held = _held_post(settings)
    page = django_app.get(reverse("moderation:post-moderate", args=[held.pk]), user=moderator)
    _form(page, "approve-and-trust").submit().follow()
    assert _trusted(held.author)


def test_post_reports_hid_is_restored_from_the_posts_moderation_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("mistletoe"), body="A fair point.")
    reporters = _reported(post, "one", "two", "three")
    page = django_app.get(reverse("moderation:post-moderate", args=[post.pk]), user=moderator)
    _form(page, "restore").submit().follow()
    assert not Post.objects.get(pk=post.pk).is_hidden
    assert QueueItem.objects.get().status == ItemStatus.RESOLVED  # the queue empties too
    assert all("it stays up" in _told(r, NotificationKind.REPORT_OUTCOME)[0] for r in reporters)


def test_content_warning_added_from_the_posts_moderation_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("rainfall"), body="Details of a hard night.")
    page = django_app.get(reverse("moderation:post-moderate", args=[post.pk]), user=moderator)
    form = _form(page, "warning")
    form["warning-warning"] = next(value for value, _s, *_ in form["warning-warning"].options if value)
    form.submit().follow()
    assert Post.objects.get(pk=post.pk).content_warnings


def test_member_warned_and_noted_from_the_member_page(django_app, moderator):
    member = _settled("prickly")
    page = django_app.get(reverse("moderation:member-moderate", args=["prickly"]), user=moderator)
    form = _form(page, "sanction")
    form["sanction-kind"] = "warning"
    form["sanction-guideline"] = next(value for value, _s, *_ in form["sanction-guideline"].options if value)
    done = form.submit().follow()
    assert "The member has been told" in _text(done)
    note = _form(done, "note")
    note["note-text"] = "Spoke kindly; seemed to be having a rough day."
    _form(note.submit().follow(), "note")
    assert ModerationAction.objects.filter(member=member, verb__in=["warn", "note-on-member"]).count() == 2


def test_appeal_decided_from_the_appeals_page(django_app, moderator):
    post = reply_to(ThreadFactory(), author=_settled("regretful"), body="Harsh words.")
    _reported(post, "reporter")
    resolve_item(QueueItem.objects.get(), acting_user=moderator, action="hide-post", guideline_section=_first_section())
    file_appeal(ModerationAction.objects.get(verb="hide-post"), acting_user=post.author, text="I rewrote it kindly.")
    second = ModeratorFactory()
    from tests.conftest import _enable_totp

    _enable_totp(second)
    page = django_app.get(reverse("moderation:appeal-list"), user=second)
    form = next(form for form in page.forms.values() if "appeal" in form.fields)
    prefix = f"appeal-{Appeal.objects.get().pk}"
    reverse_it = next(
        value for value, _c, *_ in form[f"{prefix}-decision"].options if re.search("overturn", value)
    )  # fmt: skip
    form[f"{prefix}-decision"] = reverse_it
    form.submit().follow()
    assert not Post.objects.get(pk=post.pk).is_hidden


def test_a_members_held_posts_ticked_and_approved_together_are_not_called_someone_elses(
    django_app, moderator, settings
):
    newcomer = UserFactory(username="birchbud")
    posts = [_held_post(settings, author=newcomer, body=f"Post number {n}") for n in range(3)]
    form = django_app.get(QUEUE, user=moderator).forms["queue-settle"]
    for index in range(len(form.fields["item"])):
        form.get("item", index=index).checked = True
    settle = form.submit("step", value="choose").forms["settle-together"]
    _choose(settle, "Approve")
    text = _text(settle.submit().follow())
    assert "Settled 3 items." in text and "Another moderator" not in text
    assert not Post.objects.filter(pk__in=[p.pk for p in posts], is_pending_approval=True).exists()


def test_item_about_a_member_closed_from_the_queue_card_through_the_item_page(django_app, moderator):
    reported = _settled("brambleback")
    reporter = _settled("heather")
    file_report(acting_user=reporter, member=reported, reason=ReportReason.OTHER, note="Odd messages.")
    item_page = _open_card(django_app.get(QUEUE, user=moderator), QueueItem.objects.get())
    form = item_page.forms["resolve"]
    assert not any("Hide" in label for label in _radio_labels(form))  # an account is not a post
    _choose(form, "No action needed")
    done = form.submit().follow()
    assert "Settled: no action on the account." in _text(done)
    assert _told(reporter, NotificationKind.REPORT_OUTCOME)[0].startswith("We reviewed the member you reported")


def test_named_held_posts_item_page_never_lists_the_authors_anonymous_posts(django_app, moderator, settings):
    newcomer = UserFactory(username="quietbrook")
    named = _held_post(settings, author=newcomer, body="Hello, named.")
    anonymous = _held_post(settings, author=newcomer, anonymous=True, body="Hello, nameless.")
    anonymous.thread.title = "A thread only the anonymous post is in"
    anonymous.thread.save(update_fields=["title"])
    file_report(acting_user=_settled("someone"), post=reply_to(anonymous.thread, author=newcomer, is_anonymous=True),
                reason=ReportReason.SPAM)  # fmt: skip
    page = _open_card(django_app.get(QUEUE, user=moderator), QueueItem.objects.get(post=named))
    record = page.html.select_one("aside").get_text(" ", strip=True)
    assert "A thread only the anonymous post is in" not in record
    assert "0 earlier reports about them" in record
    member_page = django_app.get(reverse("moderation:member-moderate", args=["quietbrook"]), user=moderator)
    assert "A thread only the anonymous post is in" not in member_page.text
