"""A reader's own settings, and how a post is presented to one reader: shown, collapsed behind a
reason, or hidden.

The thread selector calls apply_reader_preferences() once per page with all the page's posts: it
reads the reader's choices, mutes and hidden words from their cached reading context."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from accounts.reading_context import reading_context
from forums.models import DEFAULT_COLLAPSED_WARNINGS, ContentWarning, ContentWarningChoice, HiddenWord, MemberMute
from moderation.matching import compile_word_list, text_for_matching


@dataclass(frozen=True)
class Presentation:
    mode: str = ContentWarningChoice.SHOW  # "show", "collapse" or "hide"
    reasons: list[str] = field(default_factory=list)  # words for "Show post (…)"
    hidden_by_reader: bool = False  # the reader chose "Hide this post for me"

    @property
    def is_collapsed(self) -> bool:
        return self.mode == ContentWarningChoice.COLLAPSE

    @property
    def is_hidden(self) -> bool:
        return self.mode == ContentWarningChoice.HIDE


@dataclass(frozen=True)
class ReaderPreferences:
    warning_choices: dict[str, str] = field(default_factory=dict)
    muted_ids: frozenset[int] = frozenset()
    hidden_words: object | None = None  # one RE2 matcher over normalised text (moderation.matching)


def _warning_label(value: str) -> str:
    return str(ContentWarning(value).label) if value in ContentWarning.values else value


def default_choice(warning: str) -> str:
    return ContentWarningChoice.COLLAPSE if warning in DEFAULT_COLLAPSED_WARNINGS else ContentWarningChoice.SHOW


def load_reader_choices(member) -> dict:
    """The forums' part of a member's cached reading context (accounts/reading_context.py): three
    small queries, run only when the member's context is not in the cache."""
    return {
        "warning_choices": dict(member.cw_preferences.values_list("warning", "choice")),
        "muted_ids": frozenset(MemberMute.objects.filter(member=member).values_list("muted_id", flat=True)),
        "hidden_words": tuple(member.hidden_words.order_by("word").values_list("word", flat=True)),
    }


@lru_cache(maxsize=256)
def _hidden_words_matcher(words: tuple[str, ...]):
    # The same normaliser and linear-time engine as the watched words: "don’t" hides "don't", a
    # full-width or zero-width-split word is still the word. Compiled once per word list.
    return compile_word_list(words)


def preferences_for(viewer, *, for_moderation: bool = False) -> ReaderPreferences:
    if not viewer.is_authenticated:
        return ReaderPreferences()
    choices = reading_context(viewer)["forums"]
    return ReaderPreferences(
        warning_choices=choices["warning_choices"],
        # Moderation views never let a mute hide what a moderator has to see.
        muted_ids=frozenset() if for_moderation else choices["muted_ids"],
        hidden_words=_hidden_words_matcher(choices["hidden_words"]),
    )


# Normalising a post's text costs more than matching it; a page's posts are read again and again,
# by every reader with hidden words, and the same text always normalises the same.
_text_for_matching = lru_cache(maxsize=4096)(text_for_matching)


def presentation_for(post, preferences: ReaderPreferences) -> Presentation:
    if post.is_removed:
        return Presentation()
    if getattr(post, "hidden_by_viewer", False):
        return Presentation(ContentWarningChoice.HIDE, [], hidden_by_reader=True)
    reasons: list[str] = []
    modes: set[str] = set()
    if post.content_warnings:
        modes |= {preferences.warning_choices.get(w, default_choice(w)) for w in post.content_warnings}
        if modes - {ContentWarningChoice.SHOW}:
            labels = ", ".join(map(_warning_label, post.content_warnings))
            reasons.append(_("content warning: %(warnings)s") % {"warnings": labels})
    # An anonymous post never collapses as "muted": that would tell the reader who wrote it.
    if post.author_id in preferences.muted_ids and not post.is_anonymous:
        modes.add(ContentWarningChoice.COLLAPSE)
        reasons.append(_("Post from a member you muted"))
    # The words as the reader would see them (the stored plain text of the post), not its Markdown.
    if preferences.hidden_words is not None and preferences.hidden_words.search(_text_for_matching(post.body_text)):
        modes.add(ContentWarningChoice.COLLAPSE)
        reasons.append(_("contains a word you chose to hide"))
    if ContentWarningChoice.HIDE in modes:
        return Presentation(ContentWarningChoice.HIDE, reasons)
    if ContentWarningChoice.COLLAPSE in modes:
        return Presentation(ContentWarningChoice.COLLAPSE, reasons)
    return Presentation()


def apply_reader_preferences(viewer, posts, *, for_moderation: bool = False) -> None:
    """Sets post.presentation on each post for this viewer."""
    preferences = preferences_for(viewer, for_moderation=for_moderation)
    for post in posts:
        # A member's own post that waits for approval is shown to them in full: their own warning
        # must not fold away the words they are waiting about.
        if post.is_pending_approval and viewer.is_authenticated and post.author_id == viewer.pk:
            post.presentation = Presentation()
            continue
        post.presentation = presentation_for(post, preferences)


def muted_members_for(member):
    return MemberMute.objects.filter(member=member).select_related("muted").order_by("muted__username")


def hidden_words_for(member):
    return HiddenWord.objects.filter(member=member)


def is_muted_by(member, target) -> bool:
    """True when `member` muted `target` (users or their ids), for mentions and reactions."""
    return MemberMute.objects.filter(member=member, muted=target).exists()


def muted_ids_for(member) -> set[int]:
    return set(MemberMute.objects.filter(member=member).values_list("muted_id", flat=True))
