"""Small helpers for the words we write around members' and services' words."""

# A sentence that already ends like one keeps its own ending ("Please look now." never becomes
# "Please look now.."); closing quotes and brackets count as part of the ending.
_ENDINGS = (".", "!", "?", "…")
_CLOSERS = "”’\"')]"


def as_sentence(text) -> str:
    """The text with a full stop at the end, unless it already ends a sentence."""
    text = str(text or "").rstrip()
    if not text:
        return ""
    return text if text.rstrip(_CLOSERS).endswith(_ENDINGS) else f"{text}."
