import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Post
from moderation.pipeline import (
    BODY_MAX_LENGTH,
    NEW_MEMBER_FIRST_DAY_THREADS,
    PIPELINE_STEPS,
    PipelineResult,
    PostingRefused,
    Submission,
    render_preview,
    run_posting_pipeline,
)
from tests.factories import ThreadFactory, UserFactory, reply_to


def _aged(user, **delta):
    user.date_joined = timezone.now() - timedelta(**delta)
    user.save(update_fields=["date_joined"])
    return user


def _reply(author, body="Thinking of you.", **kwargs):
    return Submission(author=author, kind="reply", body=body, **kwargs)


@pytest.mark.django_db
def test_pipeline_renders_and_sanitises_the_body():
    result = run_posting_pipeline(_reply(UserFactory(), "**hi** <script>x</script>"))
    assert result.body_html == "<p><strong>hi</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert result.hold_for_approval is False and result.flags == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "body", "field", "words"),
    [
        ("Hi", "text", "title", "at least 3 characters"),
        ("x" * 151, "text", "title", "keep the title to 150 characters"),
        ("A fine title", "   ", "body", "Your post is empty"),
        ("A fine title", "x" * (BODY_MAX_LENGTH + 1), "body", "Nothing you wrote is lost"),
    ],
)
def test_lengths_are_refused_kindly_with_the_field(title, body, field, words):
    with pytest.raises(PostingRefused) as refusal:
        run_posting_pipeline(Submission(author=UserFactory(), kind="thread", title=title, body=body))
    assert refusal.value.field == field
    assert words in refusal.value.message


@pytest.mark.django_db
def test_new_member_waits_between_posts():
    newcomer = UserFactory()
    reply_to(ThreadFactory(), author=newcomer, body="first")
    with pytest.raises(PostingRefused) as refusal:
        run_posting_pipeline(_reply(newcomer, "second"))
    assert "please wait about" in refusal.value.message
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(seconds=31))
    run_posting_pipeline(_reply(newcomer, "second"))


@pytest.mark.django_db
def test_established_member_is_not_slowed_down():
    member = _aged(UserFactory(), days=30)
    reply_to(ThreadFactory(), author=member, body="first")
    run_posting_pipeline(_reply(member, "second"))


@pytest.mark.django_db
def test_new_member_starts_at_most_three_threads_on_the_first_day():
    newcomer = UserFactory()
    for _ in range(NEW_MEMBER_FIRST_DAY_THREADS):
        ThreadFactory(author=newcomer)
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=10))
    with pytest.raises(PostingRefused) as refusal:
        run_posting_pipeline(Submission(author=newcomer, kind="thread", title="Another one", body="text"))
    assert "3 threads on their first day" in refusal.value.message
    run_posting_pipeline(_reply(newcomer, "but replies are fine"))


@pytest.mark.django_db
def test_same_words_twice_within_five_minutes_are_refused_for_everyone():
    member = _aged(UserFactory(), days=30)
    reply_to(ThreadFactory(), author=member, body="I hear you.")
    with pytest.raises(PostingRefused) as refusal:
        run_posting_pipeline(_reply(member, "  i HEAR   you. "))
    assert "didn't post it twice" in refusal.value.message
    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(minutes=6))
    run_posting_pipeline(_reply(member, "I hear you."))


@pytest.mark.django_db
def test_edits_and_moderators_skip_flood_control(moderator):
    newcomer = UserFactory()
    post = reply_to(ThreadFactory(), author=newcomer, body="first")
    run_posting_pipeline(Submission(author=newcomer, kind="edit", body="first", post=post))
    reply_to(ThreadFactory(), author=moderator, body="note")
    run_posting_pipeline(_reply(moderator, "note"))


@pytest.mark.django_db
def test_preview_is_the_published_html_without_flood_checks():
    newcomer = UserFactory()
    reply_to(ThreadFactory(), author=newcomer, body="same")
    assert render_preview(_reply(newcomer, "same *words*")) == "<p>same <em>words</em></p>\n"


def test_pipeline_steps_run_checks_first_and_render_last():
    names = [step.__name__ for step in PIPELINE_STEPS]
    assert names == [
        "detect_crisis_signals",
        "check_not_restricted",
        "check_lengths",
        "check_watched_words",
        "check_flood",
        "ask_before_publishing",
        "decide_approval",
        "render",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("step", [step for step in PIPELINE_STEPS if step.__name__ != "render"])
def test_each_check_leaves_an_ordinary_post_unflagged(step):
    result = PipelineResult()
    step(_reply(_aged(UserFactory(), days=30), "A hard day, but I got through it."), result)
    assert result == PipelineResult()


@pytest.mark.django_db
def test_new_member_wait_message_says_how_long_and_names_no_field():
    newcomer = UserFactory()
    reply_to(ThreadFactory(), author=newcomer, body="first")
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(seconds=10))
    with pytest.raises(PostingRefused) as refusal:
        run_posting_pipeline(_reply(newcomer, "second"))
    assert re.search(r"about (19|20) seconds", refusal.value.message)  # a slow test run may take a second
    assert "Your text is still here" in refusal.value.message
    assert refusal.value.field is None


@pytest.mark.django_db
def test_new_member_waits_after_starting_a_thread_too():
    newcomer = UserFactory()
    ThreadFactory(author=newcomer)
    with pytest.raises(PostingRefused):
        run_posting_pipeline(Submission(author=newcomer, kind="thread", title="Second thought", body="more"))


@pytest.mark.django_db
def test_thread_limit_lifts_after_the_first_day():
    newcomer = _aged(UserFactory(), days=2)
    for _ in range(NEW_MEMBER_FIRST_DAY_THREADS):
        ThreadFactory(author=newcomer)
    Post.objects.filter(author=newcomer).update(created_at=timezone.now() - timedelta(minutes=10))
    run_posting_pipeline(Submission(author=newcomer, kind="thread", title="Another one", body="text"))


@pytest.mark.django_db
def test_staff_skip_flood_control(admin_user):
    reply_to(ThreadFactory(), author=admin_user, body="Pinned note")
    run_posting_pipeline(_reply(admin_user, "Pinned note"))


@pytest.mark.django_db
def test_editing_back_to_the_same_words_is_not_a_duplicate():
    member = _aged(UserFactory(), days=30)
    post = reply_to(ThreadFactory(), author=member, body="I hear you.")
    run_posting_pipeline(Submission(author=member, kind="edit", body="I hear you.", post=post))


@pytest.mark.django_db
def test_duplicate_rule_only_compares_the_same_author():
    reply_to(ThreadFactory(), author=UserFactory(), body="Sending support.")
    run_posting_pipeline(_reply(_aged(UserFactory(), days=30), "Sending support."))


@pytest.mark.django_db
def test_preview_still_refuses_a_post_that_is_too_long():
    with pytest.raises(PostingRefused) as refusal:
        render_preview(_reply(UserFactory(), "x" * (BODY_MAX_LENGTH + 1)))
    assert refusal.value.field == "body"
