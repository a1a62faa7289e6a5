"""Members' writing and settings journeys through the pages as rendered (django-webtest): start a
thread, reply, edit, remove, mute, reading settings and notification settings. Each GETs the page,
fills its form from what the page offers, submits, and checks the state and who was told what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import (
    ContentWarning,
    ContentWarningPreference,
    EmailPreference,
    HiddenWord,
    MemberMute,
    Notification,
    NotificationKind,
    Post,
    PostRevision,
    Thread,
)
from tests.factories import UserFactory, reply_to
from tests.journeys import choices, form_sent_by, form_with


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


@pytest.mark.django_db
def test_member_starts_a_thread_from_the_board(django_app, board):
    author = _settled("first_light")
    board_page = django_app.get(board.get_absolute_url(), user=author)
    form = form_with(board_page.click(href=reverse("forums:thread-create", args=[board.slug])), "title", "body")
    form["title"] = "Three weeks sober today"
    form["body"] = "I wanted to tell someone who'd understand."
    boxes = {box._value: box for box in form.fields["content_warnings"]}  # the warnings the page offers
    boxes[ContentWarning.SUBSTANCE_USE].checked = True
    thread_page = form.submit("action", value="post").maybe_follow()
    assert "Three weeks sober today" in thread_page.text and "Thank you for sharing" in thread_page.text
    thread = Thread.objects.get(title="Three weeks sober today")
    post = thread.posts.get()
    assert post.author == author and post.content_warnings == [ContentWarning.SUBSTANCE_USE]
    assert not post.is_pending_approval and not post.is_hidden


@pytest.mark.django_db
def test_member_replies_and_the_thread_author_is_told(django_app, thread, django_capture_on_commit_callbacks):
    replier = _settled("steady_hand")
    reply_page = django_app.get(thread.get_absolute_url(), user=replier).click(
        href=reverse("forums:reply-create", args=[thread.pk]), index=0
    )
    form = form_with(reply_page, "body")
    form["body"] = "I'm glad you wrote this. It sounds like a hard week."
    with django_capture_on_commit_callbacks(execute=True):
        done = form.submit("action", value="post").maybe_follow()
    assert "It sounds like a hard week." in done.text
    reply = Post.objects.get(author=replier)
    assert reply.thread == thread and reply.position == 2
    [told] = Notification.objects.filter(recipient=thread.author, kind=NotificationKind.REPLY)
    assert told.post == reply
    assert not Notification.objects.filter(recipient=replier).exists()


@pytest.mark.django_db
def test_author_edits_their_post_and_the_earlier_words_are_kept(django_app, thread):
    post = reply_to(thread, author=_settled("second_thoughts"), body="I feel so alone tonight")
    page = django_app.get(thread.get_absolute_url(), user=post.author)
    form = form_with(page.click(href=reverse("forums:post-edit", args=[post.pk])), "body")
    assert form["body"].value == "I feel so alone tonight"
    form["body"] = "I feel less alone after reading the replies."
    form.submit("action", value="post").follow()
    post.refresh_from_db()
    assert post.body == "I feel less alone after reading the replies." and post.edited_at is not None
    assert PostRevision.objects.get(post=post).body == "I feel so alone tonight"


@pytest.mark.django_db
def test_author_removes_their_post_and_readers_see_the_notice(django_app, thread, other_member):
    post = reply_to(thread, author=_settled("changed_mind"), body="Too much, too soon.")
    page = django_app.get(thread.get_absolute_url(), user=post.author)
    confirm = page.click(href=reverse("forums:post-remove", args=[post.pk]))
    done = form_sent_by(confirm, "Remove my post").submit().maybe_follow()
    assert "Your post is removed" in done.text
    post.refresh_from_db()
    assert post.is_removed
    reader_view = django_app.get(thread.get_absolute_url(), user=other_member)
    assert "This post was removed by its author." in reader_view.text and "Too much, too soon." not in reader_view.text


@pytest.mark.django_db
def test_member_mutes_someone_from_their_profile_and_they_are_not_told(django_app, member, other_member):
    profile = django_app.get(reverse("accounts:profile-detail", args=[other_member.username]), user=member)
    confirm = profile.click(description="Mute this member")
    done = form_with(confirm, "mute").submit().follow()
    assert "They are not told" in done.text
    assert MemberMute.objects.filter(member=member, muted=other_member).exists()
    assert not Notification.objects.filter(recipient=other_member).exists()
    # Unmuting, from reading settings.
    settings_page = django_app.get(reverse("forums:reading-settings"), user=member)
    form_with(settings_page, "mute", "next").submit().follow()
    assert not MemberMute.objects.filter(member=member, muted=other_member).exists()


@pytest.mark.django_db
def test_member_chooses_how_content_warnings_appear_and_hides_a_word(django_app, member):
    page = django_app.get(reverse("accounts:settings"), user=member).click(description="Reading settings")
    form = form_with(page, ContentWarning.GRIEF)
    offered = choices(form[ContentWarning.GRIEF])
    assert "hide" in offered
    form[ContentWarning.GRIEF].select("hide")
    saved = form.submit().follow()
    assert "Your reading settings are saved" in saved.text
    assert ContentWarningPreference.objects.get(member=member, warning=ContentWarning.GRIEF).choice == "hide"
    word_form = form_with(saved, "word")
    word_form["word"] = "relapse"
    form_with(word_form.submit().follow(), "word")
    assert HiddenWord.objects.filter(member=member, word="relapse").exists()


@pytest.mark.django_db
def test_member_chooses_what_is_emailed_and_takes_a_break(django_app, member):
    page = django_app.get(reverse("accounts:settings"), user=member).click(description="Notification settings")
    form = form_with(page, NotificationKind.REPLY)
    assert "off" in choices(form[NotificationKind.REPLY])
    form[NotificationKind.REPLY].select("off")
    saved = form.submit().follow()
    assert "Your email choices are saved" in saved.text
    assert EmailPreference.objects.get(member=member, kind=NotificationKind.REPLY).cadence == "off"
    pause = form_with(saved, "length")
    assert "week" in choices(pause["length"])
    pause["length"].select("week")
    paused = pause.submit().follow()
    assert "Your break has started" in paused.text
    member.refresh_from_db()
    assert member.notifications_paused
    assert member.notifications_paused_until > timezone.now() + timedelta(days=6)
