"""Journeys through the rendered composer: crisis words at a limit meet "Are you safe right now?",
not a refusal, and "Post anyway" lands them in the urgent lane; refusals that can't be avoided keep
the words and show the crisis lines; invisible-only posts are refused kindly; hidden words see
through typographic apostrophes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import EventKind, NotificationEvent, NotificationKind, Post, Thread
from moderation.models import Lane, QueueItem, SanctionKind
from moderation.pipeline import NEW_MEMBER_FIRST_DAY_THREADS
from moderation.selectors import guideline_get_current
from moderation.services import sanction_member
from resources.services import refresh_help_snapshot
from tests.factories import ResourceFactory, ThreadFactory, UserFactory, reply_to

PANEL = "are you safe right now?"


@pytest.fixture
def night_line(db):
    ResourceFactory(name="Night Line", kind="crisis-line", phone="+441234567890")
    refresh_help_snapshot()


def _composer(page):
    return next(form for form in page.forms.values() if "body" in form.fields)


def _assert_urgent(post):
    item = QueueItem.objects.get(post=post)
    assert item.lane == Lane.URGENT and "crisis signal" in item.automatic_reasons
    assert NotificationEvent.objects.filter(
        kind=EventKind.MODERATOR_ALERT, notification_kind=NotificationKind.URGENT_ITEM, post=post
    ).exists()


@pytest.mark.django_db
def test_crisis_words_at_the_new_member_thread_limit_get_the_panel_then_the_urgent_lane(django_app, board, night_line):
    newcomer = UserFactory()
    for _ in range(NEW_MEMBER_FIRST_DAY_THREADS):
        ThreadFactory(author=newcomer, board=board)
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=10))
    page = django_app.get(reverse("forums:thread-create", args=[board.slug]), user=newcomer)
    form = _composer(page)
    form["title"] = "Tonight"
    form["body"] = "Some nights I want to die."
    answer = form.submit("action", value="post")
    assert answer.status_code == 200
    assert PANEL in answer.text.lower() and "Night Line" in answer.text
    assert "threads on their first day" not in answer.text
    form = _composer(answer)
    assert form["body"].value == "Some nights I want to die." and form["title"].value == "Tonight"
    posted = form.submit("action", value="post")
    assert posted.status_code == 302
    thread = Thread.objects.get(title="Tonight")
    _assert_urgent(thread.posts.get())


@pytest.mark.django_db
def test_crisis_words_at_the_flood_limit_get_the_panel_then_the_urgent_lane(django_app, thread, night_line):
    newcomer = UserFactory()
    reply_to(thread, author=newcomer, body="Hello, I'm new here.")
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(seconds=5))
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=newcomer)
    form = _composer(page)
    form["body"] = "I can’t go on like this and I don’t want to be here anymore"
    answer = form.submit("action", value="post")
    assert PANEL in answer.text.lower() and "posting quickly" not in answer.text
    checked_in = _composer(answer).submit("action", value="post-check-in")
    assert checked_in.status_code == 302
    reply = Post.objects.get(author=newcomer, body__startswith="I can’t go on")
    _assert_urgent(reply)
    assert QueueItem.objects.get(post=reply).check_in_requested


@pytest.mark.django_db
def test_ordinary_words_at_the_flood_limit_are_still_asked_to_wait(django_app, thread):
    newcomer = UserFactory()
    reply_to(thread, author=newcomer, body="Hello, I'm new here.")
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=newcomer)
    form = _composer(page)
    form["body"] = "Thanks for the welcome."
    answer = form.submit("action", value="post")
    assert "posting quickly" in answer.text and PANEL not in answer.text.lower()


@pytest.mark.django_db
def test_a_member_suspended_while_writing_keeps_the_words_and_sees_the_crisis_lines(
    django_app, thread, moderator, night_line, django_capture_on_commit_callbacks
):
    member = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=member)
    form = _composer(page)
    form["body"] = "I DON’T WANT TO LIVE LIKE THIS."
    with django_capture_on_commit_callbacks(execute=True):  # the cached "may write" is forgotten on commit
        sanction_member(
            member, acting_user=moderator, kind=SanctionKind.SUSPENSION,
            guideline_section=guideline_get_current().sections.first(),
        )  # fmt: skip
    answer = form.submit("action", value="post")
    assert answer.status_code == 200
    assert "Your text is still here." in answer.text and PANEL in answer.text.lower() and "Night Line" in answer.text
    assert _composer(answer)["body"].value == "I DON’T WANT TO LIVE LIKE THIS."
    assert "Post anyway" not in answer.text  # nothing to post past: the suspension decides
    assert not Post.objects.filter(author=member).exists()


@pytest.mark.django_db
def test_a_reply_of_only_invisible_characters_is_refused_kindly_and_kept(django_app, thread):
    member = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=member)
    form = _composer(page)
    form["body"] = "\u200b\u200b\u200d"
    answer = form.submit("action", value="post")
    assert "Your post is empty" in answer.text
    assert _composer(answer)["body"].value == "\u200b\u200b\u200d"
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_a_hidden_word_collapses_a_post_typed_with_a_curly_apostrophe(django_app, thread, member):
    page = django_app.get(reverse("forums:reading-settings"), user=member)
    form = next(form for form in page.forms.values() if "word" in form.fields)
    form["word"] = "can't sleep"
    form.submit().follow()
    reply_to(thread, author=UserFactory(), body="I CAN’T SLEEP again tonight.")
    shown = django_app.get(thread.get_absolute_url(), user=member)
    assert "contains a word you chose to hide" in shown.text


@pytest.mark.django_db
def test_a_title_too_long_for_the_form_still_shows_the_crisis_lines_and_keeps_the_words(django_app, board, night_line):
    member = UserFactory(date_joined=timezone.now() - timedelta(days=60))
    page = django_app.get(reverse("forums:thread-create", args=[board.slug]), user=member)
    form = _composer(page)
    title = "I can't go on. " * 20
    form["title"] = title
    form["body"] = "Please read this."
    answer = form.submit("action", value="post")
    assert answer.status_code == 200
    assert PANEL in answer.text.lower() and "Night Line" in answer.text
    assert _composer(answer)["body"].value == "Please read this."
    assert not Thread.objects.filter(author=member).exists()
