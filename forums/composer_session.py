"""Keeping a member's words safe around the composer, in the browser and in the session.

Three promises live here:
- Drafts in the browser belong to one member: static/js/composer.js stores them under a namespace
  the server derives from the member's id with the site's secret (so it cannot be guessed from a
  pseudonym), and visitors get no namespace at all, so they never store or restore a draft.
- A draft ends when the server has confirmed the post: the view that accepted a post notes its
  submission here, and the pages after it name it (base.html) for as long as a draft lives, so the
  browser forgets exactly that draft and nothing earlier, even if the member leaves the first page
  before its script runs.
- A post that arrives after the session ended (logged out in another tab, an expired session, a
  failed CSRF check) is kept in the session for a day, bound to the member who opened the composer
  through a signed owner token in the form, and put back into the same composer only for that
  member once they log in again.
"""

import time
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import salted_hmac

OWNER_TOKEN_FIELD = "composer_owner"
OWNER_SALT = "forums.composer-owner"
# A composer left open longer than this is not trusted to say who opened it.
OWNER_TOKEN_MAX_AGE = 14 * 24 * 60 * 60
KEPT_WORDS_SESSION_KEY = "forums.kept_words"
KEPT_WORDS_MAX_AGE = 24 * 60 * 60
CONFIRMED_SESSION_KEY = "forums.confirmed_submissions"
# The calm page and the session keep at most this much of one post (twice the post limit): enough
# for anything a person writes, not a way to fill the session store.
KEPT_TEXT_MAX = 40_000


def draft_namespace_for(member) -> str:
    """Stable per member and unguessable without the site's secret; empty for visitors."""
    if not member.is_authenticated:
        return ""
    return salted_hmac("forums.draft-namespace", str(member.pk)).hexdigest()[:24]


def owner_token_for(member) -> str:
    if not member.is_authenticated:
        return ""
    return signing.TimestampSigner(salt=OWNER_SALT).sign_object({"member": member.pk})


def owner_from_token(token: str) -> int | None:
    """The member id a composer was opened by, or None when the token is missing, forged or old."""
    if not token:
        return None
    try:
        value = signing.TimestampSigner(salt=OWNER_SALT).unsign_object(token, max_age=OWNER_TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    member_id = value.get("member") if isinstance(value, dict) else None
    return member_id if isinstance(member_id, int) else None


@dataclass(frozen=True)
class KeptWords:
    title: str = ""
    body: str = ""
    is_anonymous: bool = False
    content_warnings: tuple[str, ...] = ()
    submission_token: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.title.strip() or self.body.strip())

    def as_initial(self) -> dict:
        # kept_words marks the form as already holding the member's words (composer.js then
        # saves them as the draft rather than restoring an older one over them).
        initial = {"body": self.body, "content_warnings": list(self.content_warnings), "kept_words": True}
        if self.title:
            initial["title"] = self.title
        if self.is_anonymous:
            initial["is_anonymous"] = True
        if self.submission_token:
            # The same token: if the first attempt did reach us after all, posting again creates
            # nothing twice.
            initial["submission_token"] = self.submission_token
        return initial


def words_from_post(post_data) -> KeptWords:
    return KeptWords(
        title=post_data.get("title", "")[:KEPT_TEXT_MAX],
        body=post_data.get("body", "")[:KEPT_TEXT_MAX],
        is_anonymous=post_data.get("is_anonymous") in ("on", "true", "True", "1"),
        content_warnings=tuple(str(value)[:40] for value in post_data.getlist("content_warnings")[:20]),
        submission_token=post_data.get("submission_token", "")[:64],
    )


def keep_words(request, *, path: str, owner_id: int, words: KeptWords) -> None:
    """Keeps one composer's words in the session until its owner logs in and opens it again.
    One entry per composer address: a later attempt replaces an earlier one."""
    kept = dict(request.session.get(KEPT_WORDS_SESSION_KEY, {}))
    kept[path] = {
        "owner": owner_id,
        "at": int(time.time()),
        "title": words.title,
        "body": words.body,
        "is_anonymous": words.is_anonymous,
        "content_warnings": list(words.content_warnings),
        "submission_token": words.submission_token,
    }
    request.session[KEPT_WORDS_SESSION_KEY] = kept


def take_kept_words(request, *, path: str) -> KeptWords | None:
    """The words kept for this composer, once, and only for the member who wrote them."""
    if not request.user.is_authenticated or KEPT_WORDS_SESSION_KEY not in request.session:
        return None
    kept = dict(request.session[KEPT_WORDS_SESSION_KEY])
    entry = kept.get(path)
    if entry is None or entry.get("owner") != request.user.pk:
        return None
    del kept[path]
    request.session[KEPT_WORDS_SESSION_KEY] = kept
    if time.time() - entry.get("at", 0) > KEPT_WORDS_MAX_AGE:
        return None
    return KeptWords(
        title=entry.get("title", ""),
        body=entry.get("body", ""),
        is_anonymous=bool(entry.get("is_anonymous")),
        content_warnings=tuple(entry.get("content_warnings", ())),
        submission_token=entry.get("submission_token", ""),
    )


def forget_words_of_others(request, member) -> None:
    """Called at log in: words another member left in this browser's session are dropped, never
    shown to the person logging in now."""
    kept = request.session.get(KEPT_WORDS_SESSION_KEY)
    if not kept:
        return
    own = {path: entry for path, entry in kept.items() if entry.get("owner") == member.pk}
    if own:
        request.session[KEPT_WORDS_SESSION_KEY] = own
    else:
        del request.session[KEPT_WORDS_SESSION_KEY]


# How long, and how many, submissions the server confirmed are named to every page: a page the
# member leaves before its script runs (or a tab closed right after posting) must not leave the
# draft behind for the next composer to restore.
CONFIRMED_KEPT_SECONDS = 3 * 24 * 60 * 60  # as long as a draft lives (static/js/site.js)
CONFIRMED_KEPT_COUNT = 20


def confirm_submission(request, submission: str) -> None:
    """Notes that the server accepted this submission; the following pages tell the browser (base.html)."""
    if not submission:
        return
    now = int(time.time())
    confirmed = [entry for entry in _confirmed_entries(request.session, now) if entry[0] != submission]
    confirmed.append([submission, now])
    request.session[CONFIRMED_SESSION_KEY] = confirmed[-CONFIRMED_KEPT_COUNT:]


def confirmed_submissions(request) -> list[str]:
    """Submissions the server accepted lately; drafts recording one of them are removed (site.js)."""
    session = getattr(request, "session", None)
    if session is None or CONFIRMED_SESSION_KEY not in session:
        return []
    return [entry[0] for entry in _confirmed_entries(session, int(time.time()))]


def _confirmed_entries(session, now: int) -> list[list]:
    entries = []
    for entry in session.get(CONFIRMED_SESSION_KEY, []):
        if isinstance(entry, list) and len(entry) == 2 and now - int(entry[1]) <= CONFIRMED_KEPT_SECONDS:
            entries.append([str(entry[0]), int(entry[1])])
    return entries


def edit_submission(post_pk: int) -> str:
    """Edits carry no submission token; the draft of an edit is named after the post it edits."""
    return f"edit-{post_pk}"
