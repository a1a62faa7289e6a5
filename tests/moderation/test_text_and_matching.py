"""The one normaliser in front of every matcher, and the linear-time engine that runs the patterns."""

from datetime import timedelta

import pytest
import re2
from django.urls import reverse
from django.utils import timezone

from forums.models import Post
from forums.notifications.outbox import CODE_PATTERN, MENTION_PATTERN
from forums.selectors.preferences import preferences_for
from moderation import matching
from moderation.matching import (
    INPUT_MAX_LENGTH,
    UnsafePattern,
    check_pattern_shape,
    compile_watched,
    search_segments,
    watched_words_in,
)
from moderation.models import WatchedAction, WatchedWord
from moderation.text import normalise_for_matching, visible_text
from tests.conftest import _enable_totp
from tests.factories import AdminFactory, ThreadFactory, UserFactory

CATASTROPHIC = [r"(\w+\s?)+$", r"(a+)+$", r"(.*a){20}", r"(x+x+)+y", r"((ab)*)+c", r"(?:\d+\s*)*z"]


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("I don’t want to live", "i don't want to live"),  # U+2019, the phone default
        ("can‘t ‛go′ on ʼnow´", "can't 'go' on 'now'"),
        ("“quoted” „low“ «guillemets» ″prime″", '"quoted" "low" "guillemets" "prime"'),
        ("a–b—c―d−e‐f‑g", "a-b-c-d-e-f-g"),
        ("ＩＷＡＮＴ　ＴＯ　ＤＩＥ", "iwant to die"),  # full-width letters and ideographic space (NFKC)
        ("ki\u200bll my\u200dself\ufeff", "kill myself"),  # zero-width space, joiner, byte-order mark
        ("\u202ereversed\u202c \u2066isolated\u2069 \u200eMarks\u200f", "reversed isolated marks"),
        ("soft\u00adhyphen wo\u2060rd joiner", "softhyphen word joiner"),
        ("STRASSE Straße", "strasse strasse"),  # case folded, not just lowered
        ("  many\t\tspaces\n\nand\r\nlines\u00a0\u2028here  ", "many spaces and lines here"),
        ("ﬁne ① ㎞", "fine 1 km"),  # compatibility forms
    ],
)
def test_normaliser_folds_what_phones_and_keyboards_type(typed, normalised):
    assert normalise_for_matching(typed) == normalised


def test_normaliser_is_idempotent():
    once = normalise_for_matching("I ＣＡＮ’Ｔ\u200b go — on\u202e")
    assert normalise_for_matching(once) == once


@pytest.mark.parametrize(
    "blank", ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", " \u200b \n\u00ad\u2800 ", "\u3164\u115f"]
)
def test_visible_text_of_invisible_characters_is_empty(blank):
    assert visible_text(blank) == ""


def test_visible_text_keeps_real_words():
    assert visible_text("\u200bhello\u200b") == "hello"


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_nested_repeats_are_refused_with_a_reason(pattern):
    with pytest.raises(UnsafePattern, match="repeats something that already repeats"):
        compile_watched(pattern, is_pattern=True)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(?<!\w)hurt", "lookarounds"),
        (r"hurt(?=ing)", "lookarounds"),
        (r"(a)\1", "backreferences"),
        (r"(unclosed", "can't use it"),
        (r"\pL{1000}", "repeats something 1000 times"),
        ("x" * 501, "longer than 500"),
        ("   ", "empty"),
    ],
)
def test_patterns_re2_cannot_take_are_refused_with_a_reason(pattern, reason):
    with pytest.raises(UnsafePattern, match=reason):
        compile_watched(pattern, is_pattern=True)


@pytest.mark.parametrize(
    "pattern",
    [r"\bcan'?t go on\b", r"(?:a|b)+c", r"x{2,5}", r"(ab)?c*", r"[(+*]+", r"\(a+\)+", r"\p{Greek}+"],
)
def test_ordinary_patterns_pass(pattern):
    check_pattern_shape(pattern)
    assert compile_watched(pattern, is_pattern=True)


def test_plain_phrases_are_whole_words_in_any_script_and_forgive_a_missing_apostrophe():
    regex = compile_watched("Can’t sleep", is_pattern=False)
    assert regex.search(normalise_for_matching("I CANT SLEEP again"))
    assert regex.search(normalise_for_matching("i can't sleep"))
    assert not regex.search(normalise_for_matching("I can't sleepwalk"))
    cyrillic = compile_watched("грусть", is_pattern=False)
    assert cyrillic.search(normalise_for_matching("Моя грусть."))
    assert not cyrillic.search(normalise_for_matching("грусти"))


def test_a_line_ending_still_ends_a_sentence_for_the_matcher():
    segments = search_segments("I can't go on\nEveryone says it gets better")
    assert "i can't go on. everyone says it gets better" in segments


def test_matcher_input_is_bounded_whatever_arrives():
    segments = search_segments("word " * 100_000 + "\n" * 50_000)
    assert all(len(segment) <= INPUT_MAX_LENGTH for segment in segments) and len(segments) <= 2


@pytest.mark.django_db
def test_watched_words_compile_once_per_process_and_again_when_one_changes(monkeypatch):
    compiled = []
    real_compile = re2.compile
    monkeypatch.setattr(matching.re2, "compile", lambda *args: compiled.append(args[0]) or real_compile(*args))
    matching._cache = ((), [])
    watched_words_in("hello")
    first = len(compiled)
    assert first >= WatchedWord.objects.filter(is_active=True).count()
    watched_words_in("hello again")
    assert len(compiled) == first  # nothing changed, nothing compiled
    WatchedWord.objects.create(phrase="storm cloud", action=WatchedAction.FLAG)
    assert [word.phrase for word in watched_words_in("A storm cloud today")] == ["storm cloud"]
    assert len(compiled) > first


@pytest.mark.django_db
def test_every_matcher_over_member_text_runs_on_re2():
    WatchedWord.objects.create(phrase="storm", action=WatchedAction.FLAG)
    member = UserFactory()
    member.hidden_words.create(word="don't")
    engines = {type(word.regex) for word in matching.active_watched_words()}
    engines |= {type(preferences_for(member).hidden_words), type(MENTION_PATTERN), type(CODE_PATTERN)}
    assert engines == {re2._Regexp}


@pytest.mark.django_db
def test_a_broken_row_in_the_database_is_skipped_and_never_stops_posting():
    WatchedWord.objects.bulk_create([WatchedWord(phrase=r"(?<!x)storm", is_pattern=True, action=WatchedAction.BLOCK)])
    assert watched_words_in("A storm today") == []


# --- The admin, through its form as rendered ------------------------------------------------------


@pytest.fixture
def admin_with_mfa(db):
    return _enable_totp(AdminFactory())


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", [*CATASTROPHIC, r"(?<![\w@])kill"])
def test_admin_refuses_a_catastrophic_or_unsupported_pattern_and_keeps_what_was_typed(
    django_app, admin_with_mfa, pattern
):
    page = django_app.get(reverse("admin:moderation_watchedword_add"), user=admin_with_mfa)
    form = page.forms["watchedword_form"]
    form["phrase"] = pattern
    form["is_pattern"] = True
    form["action"].select(WatchedAction.FLAG)
    refused = form.submit()
    assert refused.status_code == 200
    assert "This can&#x27;t be used as a watched word" in refused.text or "This can't be used" in refused.text
    assert refused.forms["watchedword_form"]["phrase"].value == pattern
    assert not WatchedWord.objects.filter(phrase=pattern).exists()


@pytest.mark.django_db
def test_admin_can_edit_a_shipped_crisis_phrase(django_app, admin_with_mfa):
    word = WatchedWord.objects.filter(action=WatchedAction.CRISIS, phrase__contains="without me").first()
    page = django_app.get(reverse("admin:moderation_watchedword_change", args=[word.pk]), user=admin_with_mfa)
    form = page.forms["watchedword_form"]
    form["phrase"] = word.phrase + "|\\bnobody would notice\\b"
    assert form.submit().status_code == 302
    word.refresh_from_db()
    assert word.phrase.endswith("nobody would notice\\b")


@pytest.mark.django_db
def test_a_catastrophic_pattern_already_stored_cannot_slow_posting(django_app, admin_with_mfa):
    """Added before the admin checked (or by hand): RE2 runs it in one pass over the reply, so the
    84-character reply that once held a worker for 30 seconds posts at once, and a second member's
    reply in the same thread too."""
    WatchedWord.objects.bulk_create(
        [WatchedWord(phrase=pattern, is_pattern=True, action=WatchedAction.FLAG) for pattern in CATASTROPHIC]
    )
    thread = ThreadFactory()
    body = "Thank you for sharing this. I have felt the same way and it does get a bit easier..."
    assert len(body) == 84
    assert {type(word.regex) for word in matching.active_watched_words()} == {re2._Regexp}
    settled = timezone.now() - timedelta(days=60)
    for author in (UserFactory(date_joined=settled), UserFactory(date_joined=settled)):
        page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=author)
        form = next(form for form in page.forms.values() if "body" in form.fields)
        form["body"] = body
        assert form.submit("action", value="post").status_code == 302
    assert Post.objects.filter(thread=thread, body=body, is_pending_approval=False).count() == 2
