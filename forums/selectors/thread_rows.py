"""Each thread of a board's list as finished HTML, kept in the cache and shared by every reader who
would see the same row: a board page is then one cache read, not twenty renders of a row that
reverses addresses and formats names and counts.

The key is a digest of all the row shows (title, state, counts, when it was last active in words,
the names of the starter and the last writer) and of the one thing that depends on the reader:
whether an anonymous starter or last writer is them ("Anonymous member (you)"). A renamed author,
a new reply or another language gives another key; nothing needs forgetting."""

from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from forums.naming import author_words
from safespace import fragments

ROW_SECONDS = 6 * 60 * 60


def _row_key(thread, *, viewer, show_board: bool, language: str, zone: str) -> str:
    shown = (
        language,
        zone,
        show_board,
        thread.board.name if show_board else "",
        thread.title,
        thread.is_pinned,
        thread.is_locked,
        thread.is_hidden,
        thread.reply_count,
        thread.last_activity_at.isoformat(),
        timesince(thread.last_activity_at),
        author_words(thread, viewer),
        author_words(thread.last_post, viewer) if thread.reply_count and thread.last_post else "",
    )
    return f"forums:thread-row:{thread.pk}:{fragments.digest(shown)}"


def attach_thread_rows(threads, *, viewer, show_board: bool = False) -> None:
    """Sets thread.row_html on each thread (carrying `author`, `last_post__author` and, with
    show_board, `board`): one cache read for the list, only the rows not found rendered and kept."""
    threads = list(threads)
    if not threads:
        return
    language = translation.get_language()
    zone = timezone.get_current_timezone_name()
    keys = {
        thread.pk: _row_key(thread, viewer=viewer, show_board=show_board, language=language, zone=zone)
        for thread in threads
    }
    found = fragments.get_many(list(keys.values()))
    template = get_template("forums/partials/_thread_row.html")
    rendered = {}
    for thread in threads:
        html = found.get(keys[thread.pk])
        if html is None:
            html = template.render({"thread": thread, "viewer": viewer, "show_board": show_board})
            rendered[keys[thread.pk]] = html
        thread.row_html = mark_safe(html)  # noqa: S308 (our own template's output)
    fragments.set_many(rendered, ROW_SECONDS)
