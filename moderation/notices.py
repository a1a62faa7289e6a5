"""Every word moderation sends to a member, in one place.

A notice is stored as a kind and its parameters (Notification.notice / notice_params) and rendered
when it is read, in the reader's language, by `render_notice()`; the words rendered at the time are
kept too, beside them, for the admin and for rows written before notices had kinds. Parameters are
plain values taken when the decision is made (a thread's title then, a guideline's number and title
then, a moderator's own words), so a notice says what the member was told, however the thread or the
guidelines change later.

This module is a leaf: it reads no rows and imports no services, so the bell, the emails and the
services that send notices can all use it."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from forums.models import ContentWarning
from safespace.dates import format_when
from safespace.wording import as_sentence

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One notice for one member: what happened (kind) and the values its words need (params)."""

    kind: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return render_notice(self.kind, self.params)


_RENDERERS: dict[str, Callable[[dict], str]] = {}


def _words(kind: str):
    def register(render: Callable[[dict], str]):
        _RENDERERS[kind] = render
        return render

    return register


def render_notice(kind: str, params: dict, *, fallback: str = "") -> str:
    """The notice's words in the active language. A kind or parameters this version no longer
    knows (a row older than a change of words) reads as `fallback`: the words stored when it was
    sent, so a notice is never lost from the bell."""
    try:
        return _RENDERERS[kind](params)
    except (KeyError, TypeError, ValueError):
        logger.warning("Notice %r could not be rendered from its parameters; showing its stored words", kind)
        return fallback


def notice_kinds() -> list[str]:
    """Every kind of notice, for reviewing the words together (and for the tests that walk them)."""
    return sorted(_RENDERERS)


def _guideline(params: dict) -> str:
    return _("guideline %(number)s, “%(title)s”") % {
        "number": params["guideline_number"],
        "title": params["guideline_title"],
    }


def guideline_params(section) -> dict:
    """The guideline a notice cites, as it reads today."""
    if section is None:
        return {}
    return {"guideline_number": section.number, "guideline_title": section.title}


# --- A member's post ------------------------------------------------------------------------------


def content_warning_added(*, thread: str, warning: str) -> Notice:
    return Notice("content-warning-added", {"thread": thread, "warning": warning})


@_words("content-warning-added")
def _content_warning_added(p: dict) -> str:
    return _(
        "A moderator added the content warning “%(warning)s” to your post in “%(thread)s”, so each "
        "reader can choose whether to open it. Your words are unchanged."
    ) % {"warning": ContentWarning(p["warning"]).label, "thread": p["thread"]}


def post_hidden_for_now(*, thread: str) -> Notice:
    return Notice("post-hidden-for-now", {"thread": thread})


@_words("post-hidden-for-now")
def _post_hidden_for_now(p: dict) -> str:
    return _(
        "Your post in “%(thread)s” is hidden for now, after members' reports, until a moderator looks. "
        "No moderator has decided anything yet; if it breaks no guideline, it comes back. Nothing you "
        "wrote is lost."
    ) % {"thread": p["thread"]}


def post_restored(*, thread: str) -> Notice:
    return Notice("post-restored", {"thread": thread})


@_words("post-restored")
def _post_restored(p: dict) -> str:
    return _("A moderator restored your post in “%(thread)s”. Everyone can see it again.") % {"thread": p["thread"]}


def post_edited(*, thread: str, reason: str) -> Notice:
    return Notice("post-edited", {"thread": thread, "reason": reason})


@_words("post-edited")
def _post_edited(p: dict) -> str:
    return _(
        "A moderator edited your post in “%(thread)s”: %(reason)s Your original words are kept in the "
        "post's edit history, which you can see."
    ) % {"thread": p["thread"], "reason": as_sentence(p["reason"])}


# Settling a queue item (moderation/outcomes.py): what the author hears, by outcome.


def post_hidden(*, thread: str, section) -> Notice:
    return Notice("post-hidden", {"thread": thread, **guideline_params(section)})


def _ask_again() -> str:
    return _("If you think it was a mistake, you can ask for it to be looked at again.")


@_words("post-hidden")
def _post_hidden(p: dict) -> str:
    return (
        _(
            "A moderator hid your post in “%(thread)s” because of %(guideline)s. You can still see it and "
            "edit it; nothing you wrote is lost."
        )
        % {"thread": p["thread"], "guideline": _guideline(p)}
        + " "
        + _ask_again()
    )


def post_not_published(*, thread: str, section) -> Notice:
    return Notice("post-not-published", {"thread": thread, **guideline_params(section)})


@_words("post-not-published")
def _post_not_published(p: dict) -> str:
    return (
        _(
            "A moderator didn't publish your post in “%(thread)s”, because of %(guideline)s. You can still "
            "see it and edit it; nothing you wrote is lost."
        )
        % {"thread": p["thread"], "guideline": _guideline(p)}
        + " "
        + _ask_again()
    )


def post_found_fine(*, thread: str) -> Notice:
    return Notice("post-found-fine", {"thread": thread})


@_words("post-found-fine")
def _post_found_fine(p: dict) -> str:
    return _(
        "A moderator looked at your post in “%(thread)s” and found no guideline broken. Everyone can see it again."
    ) % {"thread": p["thread"]}


def post_approved(*, thread: str, also_published: int, trusted: bool) -> Notice:
    return Notice("post-approved", {"thread": thread, "also_published": also_published, "trusted": trusted})


@_words("post-approved")
def _post_approved(p: dict) -> str:
    text = _("Your post in “%(thread)s” has been approved and everyone can see it now. Welcome!") % {
        "thread": p["thread"]
    }
    if p.get("also_published"):
        text += " " + _("Your other posts that were waiting are up too.")
    if p.get("trusted"):
        text += " " + _("From now on, your posts appear as soon as you send them.")
    return text


# --- A member's thread ----------------------------------------------------------------------------


def thread_locked(*, thread: str) -> Notice:
    return Notice("thread-locked", {"thread": thread})


@_words("thread-locked")
def _thread_locked(p: dict) -> str:
    return _("A moderator locked your thread “%(thread)s”: it stays readable, with no new replies.") % {
        "thread": p["thread"]
    }


def thread_reopened(*, thread: str) -> Notice:
    return Notice("thread-reopened", {"thread": thread})


@_words("thread-reopened")
def _thread_reopened(p: dict) -> str:
    return _("A moderator reopened your thread “%(thread)s” for replies.") % {"thread": p["thread"]}


def thread_moved(*, thread: str, board: str) -> Notice:
    return Notice("thread-moved", {"thread": thread, "board": board})


@_words("thread-moved")
def _thread_moved(p: dict) -> str:
    return _("A moderator moved your thread “%(thread)s” to %(board)s, where it fits best. Nothing else changed.") % {
        "thread": p["thread"],
        "board": p["board"],
    }


# --- A member's account ---------------------------------------------------------------------------

WARNING, SUSPENSION, BAN = "warning", "suspension", "ban"  # SanctionKind's values


def restriction_words(*, kind: str, ends_at: datetime | None) -> str:
    """What a suspended or banned member reads beside every form they cannot use, and in the notice."""
    if kind == BAN:
        return _(
            "After a moderator's decision, your account can read, report and ask for a review, but no longer "
            "post or react."
        )
    return _("You can read, report and ask for a review, but not post or react, until %(when)s.") % {
        "when": format_when(ends_at)
    }


def sanctioned(*, kind: str, section, message: str, ends_at: datetime | None) -> Notice:
    return Notice(
        "sanctioned",
        {
            "sanction": kind,
            **guideline_params(section),
            "message": message,
            "ends_at": ends_at.isoformat() if ends_at else None,
        },
    )


@_words("sanctioned")
def _sanctioned(p: dict) -> str:
    cited = _guideline(p) if "guideline_number" in p else ""
    parts = {
        WARNING: _("A moderator sent you a warning about %(cited)s."),
        SUSPENSION: _("A moderator paused your posting because of %(cited)s."),
        BAN: _("A moderator closed your posting access because of %(cited)s."),
    }
    text = parts[p["sanction"]] % {"cited": cited or _("our guidelines")}
    if p.get("message"):
        # A moderator's own words, made a sentence so the next one doesn't run into them.
        text += " " + as_sentence(p["message"])
    if p["sanction"] != WARNING:
        ends_at = datetime.fromisoformat(p["ends_at"]) if p.get("ends_at") else None
        text += " " + restriction_words(kind=p["sanction"], ends_at=ends_at)
    return text + " " + _("If you think it was a mistake, you can ask another moderator to look again.")


def restriction_lifted() -> Notice:
    return Notice("restriction-lifted")


@_words("restriction-lifted")
def _restriction_lifted(p: dict) -> str:
    return _("A moderator lifted the pause on your posting. Welcome back.")


def suspension_ended() -> Notice:
    return Notice("suspension-ended")


@_words("suspension-ended")
def _suspension_ended(p: dict) -> str:
    return _("Your suspension has ended: you can post and react again. Welcome back.")


# --- Appeals --------------------------------------------------------------------------------------


def appeal_decided(*, overturned: bool, note: str) -> Notice:
    return Notice("appeal-overturned" if overturned else "appeal-upheld", {"note": note})


def _with_note(text: str, p: dict) -> str:
    note = p.get("note", "")
    return text + (" " + as_sentence(note) if note.strip() else "")


@_words("appeal-overturned")
def _appeal_overturned(p: dict) -> str:
    return _with_note(_("Another moderator looked again and reversed the decision. Thank you for asking."), p)


@_words("appeal-upheld")
def _appeal_upheld(p: dict) -> str:
    return _with_note(_("Another moderator looked again, and the decision stands."), p)


# --- Reporters ------------------------------------------------------------------------------------

ACTION_TAKEN = "action-taken"
STAYS_UP = "stays-up"


def report_outcome(*, outcome: str, about_post: bool, worried: bool) -> Notice:
    """What one reporter is told, from their own report: "I'm worried" is answered as care for a
    person, while a report of a broken guideline in the same (urgent) item still hears the outcome."""
    if worried:
        return Notice("worry-looked-into")
    return Notice(f"report-{outcome}", {"about": "post" if about_post else "member"})


@_words("worry-looked-into")
def _worry_looked_into(p: dict) -> str:
    return _("Thank you for looking out for someone. A moderator has looked into what you told us.")


def _reported(p: dict) -> str:
    return _("the post you reported") if p["about"] == "post" else _("the member you reported")


@_words(f"report-{ACTION_TAKEN}")
def _report_action_taken(p: dict) -> str:
    return _("We reviewed %(what)s and took action. Thank you for helping keep Safe Space kind.") % {
        "what": _reported(p)
    }


@_words(f"report-{STAYS_UP}")
def _report_stays_up(p: dict) -> str:
    return _("We reviewed %(what)s and it stays up: we didn't find a guideline broken. Thank you for telling us.") % {
        "what": _reported(p)
    }
