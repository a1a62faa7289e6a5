"""Linear-time matching of watched words and hidden words over member text.

Every pattern here runs on RE2 (google-re2), which never backtracks: its time grows with the
length of the text, whatever the pattern. A pattern Python's `re` would take hours over (say
`(\\w+\\s?)+$` on an ordinary reply) costs RE2 one pass. Patterns are matched against the text
as `normalise_for_matching` leaves it (lower case, plain apostrophes, quotes and dashes, no
invisible characters, single spaces), and plain phrases are normalised the same way.

The admin refuses what RE2 cannot take (lookarounds, backreferences, patterns too large) and,
as a second guard, repeats nested inside repeats: a phrase never needs them, and they are the
shape that hangs every backtracking engine the list might one day be copied into."""

import logging
from dataclasses import dataclass

import re2
from django.apps import apps

from moderation.text import normalise_for_matching

logger = logging.getLogger(__name__)

PATTERN_MAX_LENGTH = 500  # the length of WatchedWord.phrase; longer rows are never compiled
# Bound the work per post: the pipeline refuses bodies over 20,000 characters anyway; this keeps a
# client that bypasses the form from making one search longer than a normal post's.
INPUT_MAX_LENGTH = 25_000
# Counted repeats above this are refused: nothing in a phrase repeats a hundred times.
MAX_REPEAT_COUNT = 100

# "Not a letter or digit in any script": RE2's \b only knows ASCII letters, so whole words are
# delimited with this class instead (it consumes the neighbour, which a yes/no search never minds).
_EDGE_BEFORE = r"(?:^|[^\pL\pN_])"
_EDGE_AFTER = r"(?:$|[^\pL\pN_])"


class UnsafePattern(ValueError):
    """The pattern cannot be used; str() says why, in words an admin can act on."""


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.never_capture = True
    options.log_errors = False  # a refused pattern is reported to the admin, not to stderr
    return options


_OPTIONS = _options()


def _repeat_at(pattern: str, index: int) -> tuple[bool, int]:
    """Whether a quantifier starting at `index` can repeat more than once (`*`, `+`, `{n,}`,
    `{n,m}` with m > 1; `?` and `{0,1}` cannot), and the largest count it names."""
    if index >= len(pattern):
        return False, 0
    char = pattern[index]
    if char in "*+":
        return True, 0
    if char != "{":
        return False, 0
    end = pattern.find("}", index)
    if end == -1:
        return False, 0
    low, _, high = pattern[index + 1 : end].partition(",")
    if not low.strip().isdigit() and not (low.strip() == "" and high.strip().isdigit()):
        return False, 0  # a literal brace, as RE2 reads it
    counts = [int(n) for n in (low.strip(), high.strip()) if n.isdigit()]
    largest = max(counts, default=0)
    unbounded = "," in pattern[index + 1 : end] and not high.strip()
    return unbounded or largest > 1, largest


def check_pattern_shape(pattern: str) -> None:
    """Refuses a repeat nested inside a repeat (`(a+)+`, `(\\w+\\s?)+$`, `(.*a){20}`) and counted
    repeats above MAX_REPEAT_COUNT. One pass over the pattern, tracking groups and classes."""
    stack: list[bool] = []  # per open group: does it contain a repeat?
    index = 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            repeats, count = _repeat_at(pattern, index)
        elif in_class:
            in_class = char != "]"
            index += 1
            continue
        elif char == "[":
            in_class = True
            index += 1
            if pattern[index : index + 1] == "^":
                index += 1
            if pattern[index : index + 1] == "]":
                index += 1  # a leading ] is a literal
            repeats, count = False, 0
        elif char == "(":
            stack.append(False)
            index += 1
            continue
        elif char == ")":
            inner_repeats = stack.pop() if stack else False
            index += 1
            repeats, count = _repeat_at(pattern, index)
            if repeats and inner_repeats:
                raise UnsafePattern(
                    "It repeats something that already repeats (like “(a+)+” or “(.*a){20}”). "
                    "Patterns of that shape can take hours on ordinary text in most engines; "
                    "write the phrase more directly."
                )
            if inner_repeats and stack:
                stack[-1] = True
        else:
            index += 1
            repeats, count = _repeat_at(pattern, index)
        if count > MAX_REPEAT_COUNT:
            raise UnsafePattern(f"It repeats something {count} times; at most {MAX_REPEAT_COUNT} are allowed.")
        if repeats and stack:
            stack[-1] = True


def phrase_pattern(phrase: str) -> str:
    """A plain phrase as an RE2 pattern over normalised text: whole words only, and an apostrophe
    may be left out ("cant" matches "can't", as phones often type it)."""
    normalised = normalise_for_matching(phrase)
    body = "'?".join(re2.escape(part) for part in normalised.split("'"))
    before = _EDGE_BEFORE if normalised[:1].isalnum() else ""
    after = _EDGE_AFTER if normalised[-1:].isalnum() else ""
    return f"{before}{body}{after}"


def compile_watched(phrase: str, *, is_pattern: bool):
    """The compiled RE2 matcher for one watched word. Raises UnsafePattern."""
    if not phrase.strip():
        raise UnsafePattern("It is empty.")
    if len(phrase) > PATTERN_MAX_LENGTH:
        raise UnsafePattern(f"It is longer than {PATTERN_MAX_LENGTH} characters.")
    if is_pattern:
        check_pattern_shape(phrase)
    source = phrase if is_pattern else phrase_pattern(phrase)
    try:
        return re2.compile(source, _OPTIONS)
    except re2.error as error:
        reason = error.args[0].decode(errors="replace") if error.args and isinstance(error.args[0], bytes) else error
        raise UnsafePattern(
            f"RE2, the engine that matches watched words, can't use it ({reason}). RE2 has no lookarounds "
            "(?= ?! ?<= ?<!) and no backreferences (\\1); whole words can be matched with \\b."
        ) from error


def compile_word_list(words) -> object | None:
    """One RE2 matcher for a list of plain words (a member's hidden words), or None."""
    patterns = [phrase_pattern(word) for word in words if normalise_for_matching(word)]
    return re2.compile("|".join(patterns), _OPTIONS) if patterns else None


def text_for_matching(text: str) -> str:
    return normalise_for_matching(text[: INPUT_MAX_LENGTH * 2])[:INPUT_MAX_LENGTH]


def search_segments(text: str) -> list[str]:
    """What a matcher searches: the whole text, normalised, and (when it has several lines) the
    lines normalised one by one and joined with ". ", so "I can't go on" ending a line still ends
    a sentence after line breaks collapse into spaces. Two passes at most, whatever the text."""
    segments = [text_for_matching(text)]
    lines = text[: INPUT_MAX_LENGTH * 2].splitlines()
    if len(lines) > 1:
        joined = ". ".join(line for line in map(normalise_for_matching, lines) if line)
        segments.append(joined[:INPUT_MAX_LENGTH])
    return segments


@dataclass(frozen=True)
class CompiledWord:
    pk: int
    phrase: str
    is_pattern: bool
    action: str
    suggestion: str
    regex: object


_cache: tuple[tuple, list[CompiledWord]] = ((), [])


def active_watched_words() -> list[CompiledWord]:
    """The active watched words, compiled. One query per call; compiling happens once per process
    and again only when a row changes (the rows themselves are the cache key), so an admin's edit
    is in force on the next post in every worker. A row the admin would refuse today (added
    before it checked, or by hand) is skipped with a log line; it never stops anyone posting."""
    global _cache
    # Looked up by name: the model validates its phrase with this module, which stays a leaf.
    watched_word = apps.get_model("moderation", "WatchedWord")
    rows = tuple(
        watched_word.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "phrase", "is_pattern", "action", "suggestion")
    )
    key, compiled = _cache
    if key == rows:
        return compiled
    compiled = []
    for pk, phrase, is_pattern, action, suggestion in rows:
        try:
            regex = _compile_stored(phrase, is_pattern)
        except UnsafePattern as refusal:
            logger.warning("Watched word %s is skipped: %s", pk, refusal)
            continue
        compiled.append(CompiledWord(pk, phrase, is_pattern, action, suggestion, regex))
    _cache = (rows, compiled)
    return compiled


def _compile_stored(phrase: str, is_pattern: bool):
    """Stored rows skip the shape check: RE2 runs even a nested repeat in linear time, and a
    crisis phrase must keep working until an admin rewrites it."""
    if len(phrase) > PATTERN_MAX_LENGTH:
        raise UnsafePattern("too long")
    try:
        return re2.compile(phrase if is_pattern else phrase_pattern(phrase), _OPTIONS)
    except re2.error as error:
        raise UnsafePattern(str(error)) from error


def watched_words_in(*texts: str) -> list[CompiledWord]:
    """The active watched words found in any of the texts, each once, in a stable order."""
    words = active_watched_words()
    if not words:
        return []
    segments = [segment for text in texts if text for segment in search_segments(text)]
    return [word for word in words if any(word.regex.search(segment) for segment in segments)]
