"""EXPLAIN (ANALYZE, BUFFERS) of every query one search runs, for a rare word (given), a common one,
a very common one and three words, as a visitor, with the search's own server time (the selector's
wall time, best and median of 7, after one warm-up). Run by `bench/run.sh --explain` against the
benchmark database: python -m bench.explain RAREWORD > bench/plans/search-SHAPE.txt"""

import statistics
import sys
import time

import django


def main(rare: str) -> None:
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forums.models import Post
    from forums.selectors.search import search_page

    print(f"Posts: {Post.objects.count():,}; PostgreSQL {connection.pg_version}")
    viewer = AnonymousUser()
    for label, query in (
        ("rare word", rare),
        ("common word", "lighthouse"),
        ("very common word", "feel"),
        ("three words", "breathing exercise helped"),
    ):
        search_page(viewer=viewer, query=query, page_number=1)
        timings = []
        for _ in range(7):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                page = search_page(viewer=viewer, query=query, page_number=1)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"\n=== {label}: q={query!r}")
        print(
            f"server time for one search: best {min(timings):.1f} ms, median {statistics.median(timings):.1f} ms; "
            f"{len(page.object_list)} shown, "
            f"total {'known: ' + str(page.total) if page.total is not None else 'capped'}"
        )
        for number, executed in enumerate(captured.captured_queries, 1):
            print(f"\n--- query {number}: {executed['sql'][:400]}{'…' if len(executed['sql']) > 400 else ''}")
            if executed["sql"].startswith("EXPLAIN"):
                continue  # the search's own estimate: no rows read
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + executed["sql"])
                for (line,) in cursor.fetchall():
                    print(line)


if __name__ == "__main__":
    main(sys.argv[1])
