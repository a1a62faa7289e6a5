"""Crisis before limits: a post that may come from someone at risk meets the crisis panel, never a
refusal from flood control, new members' limits, the duplicate check or a blocked word; after
"Post anyway" it is accepted past the limit into the urgent lane. Where a refusal can't be avoided,
the crisis lines come with it. And a post of nothing but invisible characters is refused kindly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import EventKind, NotificationEvent, NotificationKind, Post, Thread
from forums.services.posts import create_reply
from moderation.models import Lane, QueueItem, SanctionKind, WatchedAction, WatchedWord
from moderation.pipeline import (
    BODY_MAX_LENGTH,
    CRISIS,
    NEW_MEMBER_FIRST_DAY_THREADS,
    Acknowledged,
    PostingNeedsConfirmation,
    PostingRefused,
)
from moderation.selectors import guideline_get_current
from moderation.services import sanction_member
from tests.factories import ThreadFactory, UserFactory, create_thread, reply_to

CRISIS_WORDS = "Some nights I want to die."
ORDINARY_WORDS = "An ordinary day, thank you all."
POST_ANYWAY = Acknowledged(panels=frozenset({CRISIS}))


def _settled():
    return UserFactory(date_joined=timezone.now() - timedelta(days=60))


def _newcomer_who_just_posted():
    newcomer = UserFactory()
    reply_to(ThreadFactory(), author=newcomer, body="Hello, I'm new.")
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(seconds=10))
    return newcomer


def _newcomer_at_the_thread_limit():
    newcomer = UserFactory()
    for _ in range(NEW_MEMBER_FIRST_DAY_THREADS):
        ThreadFactory(author=newcomer)
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=10))
    return newcomer


def _flood(thread):
    author = _newcomer_who_just_posted()
    return lambda body, **kw: create_reply(thread, acting_user=author, body=body, **kw)


def _thread_limit(thread):
    author = _newcomer_at_the_thread_limit()
    return lambda body, **kw: create_thread(acting_user=author, board=thread.board, title="Tonight", body=body, **kw)


def _too_many_links(thread):
    author = UserFactory()
    links = " https://a.example https://b.example https://c.example"
    return lambda body, **kw: create_reply(thread, acting_user=author, body=body + links, **kw)


def _duplicate(thread):
    author = _settled()
    for body in (CRISIS_WORDS, ORDINARY_WORDS):
        reply_to(thread, author=author, body=body)
    return lambda body, **kw: create_reply(thread, acting_user=author, body=body, **kw)


def _blocked_word(thread):
    WatchedWord.objects.create(phrase="idiots", action=WatchedAction.BLOCK, suggestion="Please be kind.")
    author = _settled()
    return lambda body, **kw: create_reply(thread, acting_user=author, body=body + " You're all idiots.", **kw)


LIMITS = {
    "seconds between a new member's posts": (_flood, "please wait about"),
    "a new member's threads on the first day": (_thread_limit, "threads on their first day"),
    "a new member's links": (_too_many_links, "up to 2 links"),
    "the same words twice in five minutes": (_duplicate, "didn't post it twice"),
    "a blocked word": (_blocked_word, "isn't allowed here"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("situation", "refusal"), LIMITS.values(), ids=LIMITS.keys())
def test_an_ordinary_post_meets_the_limit(thread, situation, refusal):
    with pytest.raises(PostingRefused, match=refusal) as refused:
        situation(thread)(ORDINARY_WORDS)
    assert not isinstance(refused.value, PostingNeedsConfirmation) and not refused.value.crisis


@pytest.mark.django_db
@pytest.mark.parametrize(("situation", "refusal"), LIMITS.values(), ids=LIMITS.keys())
def test_a_crisis_post_meets_the_panel_and_then_goes_past_the_limit_to_the_urgent_lane(thread, situation, refusal):
    post = situation(thread)
    with pytest.raises(PostingNeedsConfirmation) as question:
        post(CRISIS_WORDS)
    assert question.value.crisis and refusal not in question.value.message
    written = post(CRISIS_WORDS, acknowledged=POST_ANYWAY)
    opening = written if isinstance(written, Post) else written.posts.get()
    item = QueueItem.objects.get(post=opening)
    assert item.lane == Lane.URGENT and "crisis signal" in item.automatic_reasons
    assert NotificationEvent.objects.filter(
        kind=EventKind.MODERATOR_ALERT, notification_kind=NotificationKind.URGENT_ITEM, post=opening
    ).exists()


@pytest.mark.django_db
def test_a_blocked_word_in_a_crisis_post_holds_it_for_a_moderator_instead_of_refusing(thread):
    written = _blocked_word(thread)(CRISIS_WORDS, acknowledged=POST_ANYWAY)
    assert written.is_pending_approval
    assert QueueItem.objects.get(post=written).lane == Lane.URGENT


@pytest.mark.django_db
def test_the_crisis_panel_is_asked_once_then_the_limits_stay_out_of_the_way(thread):
    post = _flood(thread)
    with pytest.raises(PostingNeedsConfirmation):
        post("I can’t go on like this.")  # the typographic apostrophe phones type
    post("I can’t go on like this.", acknowledged=POST_ANYWAY)
    # The member's next ordinary post meets the limits again.
    with pytest.raises(PostingRefused, match="please wait about"):
        post("Thank you for reading.")


# --- Refusals that can't be avoided still carry the crisis lines ---------------------------------


@pytest.mark.django_db
def test_a_suspended_member_in_crisis_is_refused_with_the_crisis_lines(thread, moderator):
    member = _settled()
    sanction_member(
        member, acting_user=moderator, kind=SanctionKind.SUSPENSION,
        guideline_section=guideline_get_current().sections.first(),
    )  # fmt: skip
    with pytest.raises(PostingRefused) as refused:
        create_reply(thread, acting_user=member, body=CRISIS_WORDS, acknowledged=POST_ANYWAY)
    assert refused.value.crisis and "Your text is still here" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("I can't go on", "", "body"),
        ("I can't go on", "\u200b\u200b", "body"),
        ("Tonight", CRISIS_WORDS + " " + "x" * BODY_MAX_LENGTH, "body"),
        ("\u200b\u200b\u200b", CRISIS_WORDS, "title"),
    ],
    ids=["empty body", "invisible body", "over-long body", "invisible title"],
)
def test_an_unavoidable_refusal_of_crisis_words_carries_the_crisis_lines(board, title, body, field):
    with pytest.raises(PostingRefused) as refused:
        create_thread(acting_user=_settled(), board=board, title=title, body=body)
    assert refused.value.crisis and refused.value.field == field
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_an_ordinary_refusal_carries_no_crisis_lines(board):
    with pytest.raises(PostingRefused) as refused:
        create_thread(acting_user=_settled(), board=board, title="Hi", body="Hello everyone")
    assert not refused.value.crisis


# --- Invisible-only posts -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e\u202c", " \u200b\n\u00ad ", "\u2800\u3164", "\ufe0f\u034f"],
)
def test_a_body_of_only_invisible_characters_is_refused_kindly(thread, body):
    with pytest.raises(PostingRefused, match="Your post is empty") as refused:
        create_reply(thread, acting_user=_settled(), body=body)
    assert refused.value.field == "body"
    assert thread.posts.count() == 1


@pytest.mark.django_db
def test_a_title_of_invisible_characters_is_refused_kindly(board):
    with pytest.raises(PostingRefused, match="title of at least 3 characters") as refused:
        create_thread(acting_user=_settled(), board=board, title="\u200bA\u200b\u200d\u2060", body="Hello")
    assert refused.value.field == "title"


@pytest.mark.django_db
def test_visible_text_with_invisible_characters_around_it_posts(thread):
    reply = create_reply(thread, acting_user=_settled(), body="\u200bThank you\u200b")
    assert reply.body == "\u200bThank you\u200b"  # stored as written
