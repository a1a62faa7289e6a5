"""The one normaliser every matcher reads through: watched words, language hints, crisis signals
and each member's hidden words all see the same text.

Phones type typographic apostrophes ("don’t"), keyboards in other scripts type full-width letters
("ｄｉｅ"), and pasted text carries zero-width and direction controls nobody can see. Matching the
raw text would let any of these slip past the crisis net, so every matcher compares the
normalised form of the text with the normalised form of the phrase. Everything here is a table
lookup or a single pass over the text: linear in its length, whatever it contains."""

import unicodedata

# Characters that render as nothing: zero-width spaces and joiners, the soft hyphen, byte-order
# marks, bidirectional embeddings, overrides and isolates, variation selectors, invisible
# operators, tag characters, and the fillers (Hangul, braille blank) that draw an empty box.
_INVISIBLE_RANGES = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x2800, 0x2800),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
]  # fmt: skip
INVISIBLE_CHARACTERS = frozenset(chr(c) for start, end in _INVISIBLE_RANGES for c in range(start, end + 1))

# Typographic marks folded to the ASCII a keyboard would type, so "can’t", "can‘t", "canʼt" and
# "can't" are one phrase. Full-width forms are already folded by NFKC.
_APOSTROPHES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02b9\u02bb\u02bc\u02bd\u0060\u00b4\uff07"
_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u2e42\u301d\u301e\u301f"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63"

_INVISIBLE_ONLY = {ord(ch): None for ch in INVISIBLE_CHARACTERS}
_TABLE = dict(_INVISIBLE_ONLY)
_TABLE.update({ord(ch): "'" for ch in _APOSTROPHES})
_TABLE.update({ord(ch): '"' for ch in _QUOTES})
_TABLE.update({ord(ch): "-" for ch in _DASHES})


def normalise_for_matching(text: str) -> str:
    """Unicode NFKC, typographic apostrophes, quotes, primes and dashes folded to ASCII, invisible
    characters dropped, case folded, and every run of whitespace (line breaks too) collapsed to
    one space. Invisible characters are dropped before NFKC as well as after, so a zero-width
    space inside a word cannot keep its letters from composing."""
    text = unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE).casefold()
    return " ".join(text.split())


def visible_text(text: str) -> str:
    """The text without characters that render as nothing, trimmed: empty means a reader would
    see a blank post."""
    return text.translate(_INVISIBLE_ONLY).strip()
