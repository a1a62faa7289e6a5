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
from moderation.sanitise import render_plain_excerpt

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
SEARCH_CANDIDATES = 1000


def _words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query.casefold()) if len(word) > 1][:10]


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
        post.snippet = snippet_for(post.body, words)
    return page


def snippet_for(body: str, words: list[str], length: int = 220) -> str:
    """Plain text around the first matching word (templates escape it)."""
    text = render_plain_excerpt(body, length=100_000)
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
