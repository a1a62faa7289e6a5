"""Text that must stay on one line: thread titles and email subjects."""

import re
import unicodedata

# Bidirectional overrides and isolates can make a title read differently from what it says.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
WHITESPACE = re.compile(r"\s+")


def single_line(value: str) -> str:
    """One line of plain text: every run of whitespace (newlines, tabs, no-break and line
    separators) becomes one space, control characters and bidi overrides go, the ends are trimmed.
    Joiners inside emoji stay: they are format characters, not controls."""
    value = BIDI_CONTROLS.sub("", value or "")
    value = WHITESPACE.sub(" ", value)
    value = "".join(character for character in value if unicodedata.category(character) != "Cc")
    return value.strip()
