"""Feeling heard, gently: reactions, reading preferences, mutes, hidden words, the waiting list."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import ContentWarningChoice, MemberMute, Reaction
from forums.selectors.preferences import apply_reader_preferences
from forums.services.preferences import (
    add_hidden_word,
    mute_member,
    set_content_warning_choices,
    unmute_member,
)
from forums.services.reactions import toggle_reaction
from safespace.refusals import Refused
from tests.factories import BoardFactory, ThreadFactory, UserFactory, reply_to


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- reactions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reaction_toggles_on_and_off(thread, other_member):
    post = thread.posts.get()
    assert toggle_reaction(post, acting_user=other_member, kind="support") is True
    assert toggle_reaction(post, acting_user=other_member, kind="me-too") is True
    assert toggle_reaction(post, acting_user=other_member, kind="support") is False
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["me-too"]


@pytest.mark.django_db
def test_reaction_refusals(thread, member, other_member):
    post = thread.posts.get()
    with pytest.raises(Refused, match="your own post"):
        toggle_reaction(post, acting_user=member, kind="support")
    with pytest.raises(Refused, match="isn't one of the reactions"):
        toggle_reaction(post, acting_user=other_member, kind="downvote")
    mute_member(other_member, acting_user=member)
    with pytest.raises(Refused, match="can't react to this post"):
        toggle_reaction(post, acting_user=other_member, kind="support")
    assert not Reaction.objects.exists()


@pytest.mark.django_db
def test_author_sees_who_reacted_others_see_words_without_counts(thread, member, other_member):
    post = thread.posts.get()
    third = UserFactory()
    for reactor in (other_member, third):
        toggle_reaction(post, acting_user=reactor, kind="support")
    author_view = _client(member).get(thread.get_absolute_url()).content.decode()
    assert f"Sending support: {', '.join(sorted([other_member.username, third.username]))}" in author_view
    public_view = Client().get(thread.get_absolute_url()).content.decode()
    assert "Sending support" in public_view
    assert other_member.username not in public_view and "2" not in public_view.split("reactions__received")[1][:80]


@pytest.mark.django_db
def test_react_view_presses_the_button(thread, other_member):
    post = thread.posts.get()
    client = _client(other_member)
    client.post(reverse("forums:post-react", args=[post.pk]), {"kind": "thank-you"})
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"><span aria-hidden="true">✓ </span>Thank you for sharing' in html


@pytest.mark.django_db
def test_react_needs_login_and_post(anon_client, thread, other_member):
    post = thread.posts.get()
    assert anon_client.post(reverse("forums:post-react", args=[post.pk]), {"kind": "support"}).status_code == 302
    assert _client(other_member).get(reverse("forums:post-react", args=[post.pk])).status_code == 405


# --- reading preferences ---------------------------------------------------------------------


@pytest.mark.django_db
def test_self_harm_and_suicide_collapse_by_default_others_show():
    thread = ThreadFactory()
    heavy = reply_to(thread, content_warnings=["suicide"])
    lighter = reply_to(thread, content_warnings=["grief"])
    reader = UserFactory()
    apply_reader_preferences(reader, [heavy, lighter])
    assert heavy.presentation.is_collapsed and "content warning: Suicide" in heavy.presentation.reasons[0]
    assert not lighter.presentation.is_collapsed


@pytest.mark.django_db
def test_reader_choices_show_collapse_or_hide_per_warning():
    thread = ThreadFactory()
    post = reply_to(thread, content_warnings=["suicide"])
    grief = reply_to(thread, content_warnings=["grief"])
    reader = UserFactory()
    set_content_warning_choices(reader, choices={"suicide": "show", "grief": "hide"})
    apply_reader_preferences(reader, [post, grief])
    assert post.presentation.mode == ContentWarningChoice.SHOW
    assert grief.presentation.is_hidden


@pytest.mark.django_db
def test_muted_members_posts_collapse_but_never_an_anonymous_one():
    reader, noisy = UserFactory(), UserFactory()
    thread = ThreadFactory()
    named = reply_to(thread, author=noisy)
    anonymous = reply_to(thread, author=noisy, is_anonymous=True)
    mute_member(noisy, acting_user=reader)
    apply_reader_preferences(reader, [named, anonymous])
    assert named.presentation.is_collapsed
    assert "Post from a member you muted" in named.presentation.reasons
    assert not anonymous.presentation.is_collapsed  # collapsing it would reveal who wrote it
    apply_reader_preferences(reader, [named], for_moderation=True)
    assert not named.presentation.is_collapsed


@pytest.mark.django_db
def test_hidden_words_collapse_whole_word_matches_only():
    reader = UserFactory()
    add_hidden_word("  Relapse ", acting_user=reader)
    thread = ThreadFactory()
    matching = reply_to(thread, body="I had a RELAPSE last night.")
    not_matching = reply_to(thread, body="relapsed is a different word")
    apply_reader_preferences(reader, [matching, not_matching])
    assert matching.presentation.is_collapsed
    assert not not_matching.presentation.is_collapsed


@pytest.mark.django_db
def test_hidden_words_are_limited_and_validated():
    reader = UserFactory()
    with pytest.raises(Refused, match="2 to 60"):
        add_hidden_word("x", acting_user=reader)
    for number in range(50):
        add_hidden_word(f"word{number}", acting_user=reader)
    with pytest.raises(Refused, match="up to 50"):
        add_hidden_word("one more", acting_user=reader)


@pytest.mark.django_db
def test_mute_rules(member, other_member):
    with pytest.raises(Refused):
        mute_member(member, acting_user=member)
    assert mute_member(other_member, acting_user=member) is True
    assert mute_member(other_member, acting_user=member) is False
    assert unmute_member(other_member, acting_user=member) is True
    assert not MemberMute.objects.exists()


@pytest.mark.django_db
def test_reading_settings_page_saves_choices_and_words(member_client, member):
    url = reverse("forums:reading-settings")
    assert member_client.get(url).status_code == 200
    data = {
        "form": "warnings",
        **{w: "show" for w in ("self-harm", "eating", "substance-use", "abuse", "grief", "medical")},
    }
    data["suicide"] = "hide"
    member_client.post(url, data)
    assert dict(member.cw_preferences.values_list("warning", "choice"))["suicide"] == "hide"
    response = member_client.post(url, {"form": "word", "word": "x"})
    assert "A hidden word needs 2 to 60 characters." in response.content.decode()
    member_client.post(url, {"form": "word", "word": "anniversary"})
    assert list(member.hidden_words.values_list("word", flat=True)) == ["anniversary"]


@pytest.mark.django_db
def test_mute_from_a_profile(member_client, member, other_member):
    profile = reverse("accounts:profile-detail", args=[other_member.username])
    assert "Mute this member" in member_client.get(profile).content.decode()
    member_client.post(reverse("forums:member-mute", args=[other_member.username]), {"mute": "1"})
    assert MemberMute.objects.filter(member=member, muted=other_member).exists()
    assert "You muted this member" in member_client.get(profile).content.decode()


# --- waiting for a kind word -----------------------------------------------------------------


@pytest.mark.django_db
def test_waiting_list_shows_unanswered_threads_oldest_first(anon_client):
    older = ThreadFactory(title="Older unanswered")
    newer = ThreadFactory(title="Newer unanswered")
    answered = ThreadFactory(title="Already answered")
    reply_to(answered)
    type(older).objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=5))
    html = anon_client.get(reverse("forums:waiting-list")).content.decode()
    assert html.index("Older unanswered") < html.index("Newer unanswered")
    assert "Already answered" not in html
    reply_to(newer)
    assert "Newer unanswered" not in anon_client.get(reverse("forums:waiting-list")).content.decode()


@pytest.mark.django_db
def test_waiting_list_respects_members_only_boards(anon_client, member_client):
    ThreadFactory(board=BoardFactory(members_only=True), title="Members only thread")
    assert "Members only thread" not in anon_client.get(reverse("forums:waiting-list")).content.decode()
    assert "Members only thread" in member_client.get(reverse("forums:waiting-list")).content.decode()


@pytest.mark.django_db
def test_waiting_list_query_count_is_constant(anon_client):
    ThreadFactory()
    url = reverse("forums:waiting-list")
    with CaptureQueriesContext(connection) as one:
        anon_client.get(url)
    for index in range(24):
        ThreadFactory(is_anonymous=index % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        anon_client.get(url)
    assert len(one) == len(many) <= 6


@pytest.mark.django_db
def test_htmx_reaction_swaps_only_the_reactions_and_says_refusals_in_place(thread, member):
    post = thread.posts.get()
    client = _client(member)  # the author: reacting to their own post is refused
    response = client.post(reverse("forums:post-react", args=[post.pk]), {"kind": "support"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="reactions"')
    assert "You can&#x27;t react to your own post, but others can." in html
