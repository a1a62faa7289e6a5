"""Search across the posts a viewer may read. PostgreSQL: one stored, GIN-indexed document per post
(its plain text, and on an opening post its thread's title, weighted higher; migration 0017), found
with a single `@@`, the newest matches ranked; SQLite: every word must appear, newest first. Same
interface.

Only public posts are searched: never hidden, held, or removed ones, nor hidden threads or
members-only boards for visitors. Author names are not searchable at all, so an anonymous post
can be found by what it says but never by who wrote it. Queries are not stored or logged."""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from time import monotonic

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from forums.models import Board, Post, Thread
from forums.naming import author_words
from forums.selectors.posts import post_address
from safespace.dates import format_day

RESULTS_PER_PAGE = 20
# The cost of a search is bounded whatever is typed: the query's length, the words it may hold, and
# the newest candidates that are ranked (a very common word then costs what a rare one costs).
# Snippets come from the stored plain text (Post.body_text): nothing is rendered while someone waits.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
SEARCH_CANDIDATES = 1000
# A query whose words are in at least this share of posts is answered newest first, post by post.
DENSE_FRACTION = 0.2
# Constant SQL with the query bound as a parameter. The document is not a model field (SQLite has no
# tsvector), so it is reached through RawSQL.
_TSQUERY = "websearch_to_tsquery('english', %s)"
# How many posts hold the words, and how many posts there are, as the planner estimates them.
_ESTIMATE = (
    "EXPLAIN (FORMAT JSON) SELECT 1 FROM forums_post WHERE search_vector @@ websearch_to_tsquery('english', %s) "
    "UNION ALL SELECT 1 FROM forums_post"
)


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


def _postgres_candidates(*, viewer, board, since, until) -> QuerySet[Post]:
    """The same rules as searchable_posts() (Board.objects.visible_to: members-only boards are for
    members), with the threads one may not search excluded by id: hidden threads and threads of
    members-only boards are few, so PostgreSQL hashes those ids instead of joining every thread to
    the posts the index finds."""
    posts = (
        Post.objects.filter(is_hidden=False, is_pending_approval=False, removed_by_author_at__isnull=True)
        # A partial index holds the hidden threads.
        .exclude(thread__in=Thread.objects.filter(is_hidden=True).values("pk"))
        .order_by()
    )
    if not viewer.is_authenticated:
        posts = posts.exclude(thread__in=Thread.objects.filter(board__members_only=True).values("pk"))
    if isinstance(board, Board) or board:
        threads = (
            Thread.objects.filter(board=board) if isinstance(board, Board) else Thread.objects.filter(board__slug=board)
        )
        posts = posts.filter(thread__in=threads.values("pk"))
    return _filtered(posts, board=None, since=since, until=until)


# The planner's statistics of post dates (quantiles), read at most every few minutes per process.
_DATE_QUANTILES: dict = {"read_at": 0.0, "bounds": []}
QUANTILES_MAX_AGE = 600.0


def _newest_cutoff(cursor, fraction: float):
    """The created_at above which roughly `fraction` of all posts lie, from pg_stats' histogram."""
    now = monotonic()
    if now - _DATE_QUANTILES["read_at"] > QUANTILES_MAX_AGE:
        cursor.execute(
            "SELECT histogram_bounds::text::timestamptz[] FROM pg_stats "
            "WHERE tablename = 'forums_post' AND attname = 'created_at'"
        )
        row = cursor.fetchone()
        _DATE_QUANTILES.update(read_at=now, bounds=list(row[0]) if row and row[0] else [])
    bounds = _DATE_QUANTILES["bounds"]
    if not bounds or fraction >= 1:
        return None
    return bounds[max(0, min(len(bounds) - 1, int((1 - fraction) * (len(bounds) - 1))))]


def _estimate(cursor, query: str) -> tuple[float, float]:
    """How many posts hold the words, and how many posts there are, as the planner estimates them."""
    cursor.execute(_ESTIMATE, [query])
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    estimated, total = (max(sub["Plan Rows"], 1) for sub in plan[0]["Plan"]["Plans"])
    return estimated, total


def _ranked_ids(posts: QuerySet[Post], query: str, *, offset: int, limit: int) -> tuple[list[int], int]:
    """PostgreSQL: the newest SEARCH_CANDIDATES posts the index finds, best first.

    How they are found depends on how many posts hold the words, as the planner estimates from
    its statistics (one EXPLAIN, no rows read): a word most posts use is answered by walking back
    through the newest posts until enough match; any other by the GIN index alone, within a span
    of recent dates chosen to hold about 1.3 times the candidates needed (the date index and the GIN
    index are combined, so only those rows are read), widened when it holds too few. Either way
    a search reads about SEARCH_CANDIDATES rows, however common its words. Only candidates are
    ranked (ts_rank reads their documents), and PostgreSQL sorts them and returns only the ids of
    the page asked for (`offset`, `limit`), with how many candidates there were."""
    matching = posts.filter(
        RawSQL(f"forums_post.search_vector @@ {_TSQUERY}", [query], output_field=BooleanField())  # noqa: S611
    ).annotate(document=RawSQL("forums_post.search_vector", [], output_field=TextField()))  # noqa: S611
    with connection.cursor() as cursor:
        estimated, total = _estimate(cursor, query)
        if estimated <= 2 * SEARCH_CANDIDATES:
            attempts = [(matching, None)]
        elif estimated / total >= DENSE_FRACTION:
            attempts = [(matching.order_by("-created_at"), SEARCH_CANDIDATES)]
        else:
            fraction = 1.3 * SEARCH_CANDIDATES / estimated
            attempts = []
            while fraction < 1:
                cutoff = _newest_cutoff(cursor, fraction)
                if cutoff is None:
                    break
                attempts.append((matching.filter(created_at__gte=cutoff), None))
                fraction *= 8
            attempts.append((matching, None))
        for candidates, newest_only in attempts:
            candidates = candidates.values_list("pk", "created_at", "document")
            sql, params = (candidates[:newest_only] if newest_only else candidates).query.sql_with_params()
            # OFFSET 0 keeps the planner from reading the candidates newest first through the date
            # index (it would check words post by post); only the newest SEARCH_CANDIDATES are ranked.
            cursor.execute(
                f"SELECT id, count(*) OVER () FROM ("  # noqa: S608 (constant SQL, bound parameters)
                f"SELECT id, created_at, document FROM ({sql} OFFSET 0) AS found (id, created_at, document) "
                f"ORDER BY created_at DESC, id DESC LIMIT {SEARCH_CANDIDATES}) AS candidates "
                f"ORDER BY ts_rank(document, {_TSQUERY}) DESC, created_at DESC, id DESC OFFSET %s LIMIT %s",
                [*params, query, offset, limit],
            )
            rows = cursor.fetchall()
            found = rows[0][1] if rows else 0
            if found >= SEARCH_CANDIDATES:
                break
    return [pk for pk, _ in rows], found


# What a result shows of its post: the address, the thread's title and board, how the author is
# named, the day, and the stored plain text its snippet comes from; not the Markdown or the HTML.
_RESULT_FIELDS = (
    "id",
    "position",
    "created_at",
    "is_anonymous",
    "body_text",
    "thread__id",
    "thread__title",
    "thread__board__id",
    "thread__board__name",
    "thread__board__slug",
    "author__id",
    "author__username",
    "author__removed_at",
    "author__is_active",
)


def _posts_in_order(ids: list[int]) -> list[Post]:
    by_pk = Post.objects.select_related("thread__board", "author").only(*_RESULT_FIELDS).in_bulk(ids)
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


def _search(*, viewer, query, offset, limit, board=None, since=None, until=None) -> tuple[list[Post], int | None]:
    """The posts asked for, and how many matched in all when that is known without counting."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    words = _words(query)
    if not words:
        return [], 0
    if connection.vendor == "postgresql":
        candidates = _postgres_candidates(viewer=viewer, board=board, since=since, until=until)
        ids, found = _ranked_ids(candidates, query, offset=offset, limit=limit)
        known_total = found if found < SEARCH_CANDIDATES else None
        return _posts_in_order(ids), known_total
    posts = _filtered(searchable_posts(viewer=viewer), board=board, since=since, until=until)
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
    results: list = field(default_factory=list)  # SearchResult for each post of object_list
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
    page.results = _results(page.object_list, viewer=viewer, words=_words(query))
    return page


@dataclass(frozen=True)
class SearchResult:
    """One result as the page shows it, worked out here so the template only prints it."""

    url: str
    thread_title: str
    board_name: str
    author: str
    created_iso: str
    created_day: str
    snippet: str


def _results(posts: list[Post], *, viewer, words: list[str]) -> list[SearchResult]:
    permalink = post_address("forums:post-permalink")
    results = []
    for post in posts:
        created = timezone.localtime(post.created_at)
        results.append(
            SearchResult(
                url=permalink(post.pk),
                thread_title=post.thread.title,
                board_name=post.thread.board.name,
                author=author_words(post, viewer),
                created_iso=created.isoformat(),
                created_day=format_day(created),
                snippet=snippet_for(post.body_text, words),
            )
        )
    return results


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
