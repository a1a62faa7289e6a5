"""Search across the posts a viewer may read. PostgreSQL: the stored, GIN-indexed tsvector columns
(migration 0003) with ranking; SQLite: every word must appear, newest first. Same interface.

Only public posts are searched: never hidden, held, or removed ones, nor hidden threads or
members-only boards for visitors. Author names are not searchable at all, so an anonymous post
can be found by what it says but never by who wrote it. Queries are not stored or logged."""

import re
from datetime import date, datetime, time

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from forums.models import Board, Post

RESULTS_PER_PAGE = 20
# The cost of a search is bounded whatever is typed: the query's length, the words it may hold, and
# the newest candidates that are ranked. Snippets come from the stored plain text (Post.body_text).
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
SEARCH_CANDIDATES = 1000


def _words(query: str) -> list[str]:
    """The words to look for, without the ones excluded with a minus sign."""
    return [
        word.casefold()
        for sign, word in re.findall(r"(-?)(\w+)", query[:MAX_QUERY_LENGTH])
        if not sign and len(word) > 1
    ][:MAX_QUERY_WORDS]


def has_words_to_find(query: str) -> bool:
    """A query of only exclusions ("-sad") would match nearly every post: it needs one word to find."""
    return bool(_words(query))


def searchable_posts(*, viewer) -> QuerySet[Post]:
    return Post.objects.filter(
        is_hidden=False,
        is_pending_approval=False,
        removed_by_author_at__isnull=True,
        thread__is_hidden=False,
        thread__board__in=Board.objects.visible_to(viewer),
    )


def search_posts(
    *, viewer, query: str, board: Board | None = None, since: date | None = None, until: date | None = None
):
    query = query.strip()[:MAX_QUERY_LENGTH]
    words = _words(query)
    posts = searchable_posts(viewer=viewer).select_related("thread__board", "author")
    if not words:
        return posts.none()
    if board is not None:
        posts = posts.filter(thread__board=board)
    if since:
        posts = posts.filter(created_at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        posts = posts.filter(created_at__lte=timezone.make_aware(datetime.combine(until, time.max)))

    if connection.vendor == "postgresql":
        # Constant SQL with the query bound as a parameter: the stored tsvector columns are not
        # model fields (SQLite has no such type), so they are reached through RawSQL.
        tsquery = "websearch_to_tsquery('english', %s)"
        matching = posts.annotate(
            matches=RawSQL(  # noqa: S611
                f"(forums_post.search_vector @@ {tsquery} OR "
                f"(forums_post.position = 1 AND forums_thread.search_vector @@ {tsquery}))",
                [query, query],
                output_field=BooleanField(),
            )
        ).filter(matches=True)
        # Ranking reads every candidate's vector, so only the newest matches are ranked: a common
        # word then costs the same as a rare one.
        # (Fetched as ids: Django renames tables inside subqueries, which the raw SQL names.)
        newest = list(matching.order_by("-created_at").values_list("pk", flat=True)[:SEARCH_CANDIDATES])
        posts = (
            Post.objects.filter(pk__in=newest)
            .select_related("thread__board", "author")
            .annotate(
                rank=RawSQL(  # noqa: S611
                    f"ts_rank(forums_post.search_vector, {tsquery}) + "
                    f"CASE WHEN forums_post.position = 1 THEN 2 * ts_rank(forums_thread.search_vector, {tsquery}) "
                    "ELSE 0 END",
                    [query, query],
                    output_field=FloatField(),
                )
            )
        )
        return posts.order_by("-rank", "-created_at", "-pk")

    for word in words:
        posts = posts.filter(Q(body__icontains=word) | Q(position=1, thread__title__icontains=word))
    return posts.order_by("-created_at", "-pk")


def search_page(*, viewer, query: str, page_number, **filters) -> Page:
    page = Paginator(search_posts(viewer=viewer, query=query, **filters), RESULTS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    words = _words(query)
    for post in page.object_list:
        post.snippet = snippet_for(post.body_text, words)
    return page


def snippet_for(text: str, words: list[str], length: int = 220) -> str:
    """Plain text around the first matching word (templates escape it). `text` is the post's stored
    plain text: nothing is rendered here."""
    lowered = text.casefold()
    positions = [lowered.find(word) for word in words if lowered.find(word) >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    excerpt = text[start : start + length]
    if start > 0:
        excerpt = "…" + excerpt.split(" ", 1)[-1]
    if start + length < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + "…"
    return excerpt


def boards_for_search_filter(*, viewer) -> QuerySet[Board]:
    return Board.objects.visible_to(viewer).only("pk", "name", "slug")
