"""Search across the posts a viewer may read. PostgreSQL: one stored, GIN-indexed document per post
(its plain text, and on an opening post its thread's title, weighted higher; migration 0013), found
with a single `@@`, the newest matches ranked; SQLite: every word must appear, newest first. Same
interface.

Only public posts are searched: never hidden, held, or removed ones, nor hidden threads or
members-only boards for visitors. Author names are not searchable at all, so an anonymous post
can be found by what it says but never by who wrote it. Queries are not stored or logged."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from forums.models import Board, Post

RESULTS_PER_PAGE = 20
# The cost of a search is bounded whatever is typed: the query's length, the words it may hold, and
# the newest candidates that are ranked (a very common word then costs what a rare one costs).
# Snippets come from the stored plain text (Post.body_text): nothing is rendered while someone waits.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
SEARCH_CANDIDATES = 1000
# Constant SQL with the query bound as a parameter. The document is not a model field (SQLite has no
# tsvector), so it is reached through RawSQL.
_TSQUERY = "websearch_to_tsquery('english', %s)"


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


def _filtered(posts: QuerySet[Post], *, board, since: date | None, until: date | None) -> QuerySet[Post]:
    if isinstance(board, Board):
        posts = posts.filter(thread__board=board)
    elif board:
        posts = posts.filter(thread__board__slug=board)
    if since:
        posts = posts.filter(created_at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        posts = posts.filter(created_at__lte=timezone.make_aware(datetime.combine(until, time.max)))
    return posts


def _ranked_ids(posts: QuerySet[Post], query: str) -> list[int]:
    """PostgreSQL: the newest SEARCH_CANDIDATES posts the index finds, best first. One query: the
    candidates' rank is computed on the rows the index already led to, and sorted here."""
    candidates = (
        posts.filter(RawSQL(f"forums_post.search_vector @@ {_TSQUERY}", [query], output_field=BooleanField()))  # noqa: S611
        .annotate(rank=RawSQL(f"ts_rank(forums_post.search_vector, {_TSQUERY})", [query], output_field=FloatField()))  # noqa: S611
        .order_by("-created_at")
        .values_list("pk", "created_at", "rank")[:SEARCH_CANDIDATES]
    )
    ranked = sorted(candidates, key=lambda row: (-row[2], -row[1].timestamp(), -row[0]))
    return [pk for pk, _, _ in ranked]


def _posts_in_order(ids: list[int]) -> list[Post]:
    by_pk = Post.objects.select_related("thread__board", "author").in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def search_posts(
    *,
    viewer,
    query: str,
    board: Board | str | None = None,
    since: date | None = None,
    until: date | None = None,
    offset: int = 0,
    limit: int = SEARCH_CANDIDATES,
) -> list[Post]:
    """The matching posts, best first (PostgreSQL) or newest first (SQLite), from `offset`, at most
    `limit` of them. `board` is a Board or a board's slug."""
    return _search(viewer=viewer, query=query, board=board, since=since, until=until, offset=offset, limit=limit)[0]


def _search(*, viewer, query, board, since, until, offset, limit) -> tuple[list[Post], int | None]:
    """The posts asked for, and how many matched in all when that is known without counting."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    words = _words(query)
    if not words:
        return [], 0
    posts = _filtered(searchable_posts(viewer=viewer), board=board, since=since, until=until)
    if connection.vendor == "postgresql":
        ids = _ranked_ids(posts, query)
        known_total = len(ids) if len(ids) < SEARCH_CANDIDATES else None
        return _posts_in_order(ids[offset : offset + limit]), known_total
    for word in words:
        posts = posts.filter(Q(body__icontains=word) | Q(position=1, thread__title__icontains=word))
    # One more than asked for says whether there is a next page, without counting them all.
    found = list(
        posts.select_related("thread__board", "author").order_by("-created_at", "-pk")[offset : offset + limit + 1]
    )
    known_total = offset + len(found) if len(found) <= limit else None
    return found[:limit], known_total


@dataclass
class SearchPage:
    """One page of results. `total` is known when every match fits in what was looked at (all of
    them on SQLite's last page; fewer than SEARCH_CANDIDATES on PostgreSQL); nothing is counted."""

    number: int
    object_list: list[Post] = field(default_factory=list)
    has_next: bool = False
    total: int | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * RESULTS_PER_PAGE + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1

    @property
    def capped(self) -> bool:
        """More posts match than are ranked: the page says so and suggests more words."""
        return self.total is None and connection.vendor == "postgresql"


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    # Beyond the ranked candidates there is nothing to show.
    return min(max(number, 1), -(-SEARCH_CANDIDATES // RESULTS_PER_PAGE))


def search_page(*, viewer, query: str, page_number, **filters) -> SearchPage:
    number = _page_number(page_number)
    offset = (number - 1) * RESULTS_PER_PAGE
    found, total = _search(viewer=viewer, query=query, offset=offset, limit=RESULTS_PER_PAGE + 1, **filters)
    page = SearchPage(number=number, object_list=found[:RESULTS_PER_PAGE], has_next=len(found) > RESULTS_PER_PAGE)
    page.total = total
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


def boards_for_search_filter(*, viewer) -> list[tuple[str, str]]:
    """(slug, name) of the boards the viewer may search, as plain choices: a list, fetched at once."""
    return list(Board.objects.visible_to(viewer).values_list("slug", "name"))
