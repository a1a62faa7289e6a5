"""Text that must stay on one line: thread titles and email subjects."""

import unicodedata

# Bidirectional overrides and isolates can make a title read differently from what it says.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def single_line(value: str) -> str:
    """One line of plain text: every run of whitespace (newlines, tabs, no-break and line
    separators) becomes one space, control characters and bidi overrides go, the ends are trimmed.
    Joiners inside emoji stay: they are format characters, not controls. No regular expression:
    this reads member text."""
    words = (value or "").translate(BIDI_CONTROLS).split()
    return " ".join(
        cleaned for word in words if (cleaned := "".join(c for c in word if unicodedata.category(c) != "Cc"))
    )
