"""Realistic volume for benchmarks, written fast: members, threads and posts of real-looking Markdown
(200-1,500 characters), one very long thread, reactions, anonymous and content-warned posts, and one
reader (`bench_reader`) with mutes, hidden words, content-warning choices and follows. Counters and
last-post links are recomputed in set-based updates. On PostgreSQL rows go in with COPY (about a
minute per 100,000 posts on a small machine); elsewhere with bulk_create. Never for production."""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from forums.demo import DEMO_PASSWORD, seed_demo
from forums.management.scale_rows import NOUNS, OPENINGS, insert_rows, made_up_word, markdown_body
from forums.models import (
    Board,
    ContentWarning,
    ContentWarningChoice,
    ContentWarningPreference,
    HiddenWord,
    MemberMute,
    Post,
    Reaction,
    ReactionKind,
    Thread,
    ThreadFollow,
)
from moderation.sanitise import plain_text, render_member_markdown

# The shapes `make bench` knows: the peers' forum, and a large one for search and flat page costs.
SHAPES = {
    "peers": {"members": 5_000, "threads": 2_000, "posts": 100_000, "long_thread": 1_200},
    "million": {"members": 5_000, "threads": 50_000, "posts": 1_000_000, "long_thread": 25_000},
}
BENCH_READER = "bench_reader"

class Command(BaseCommand):
    help = "Generates many members, threads and posts for benchmarks (COPY / bulk inserts; refuses production)."

    def add_arguments(self, parser):
        parser.add_argument("--shape", choices=sorted(SHAPES), help="a named shape; the options below override it")
        parser.add_argument("--threads", type=int)
        parser.add_argument("--posts", type=int, help="total posts, openings included")
        parser.add_argument("--members", type=int)
        parser.add_argument("--long-thread", type=int, dest="long_thread", help="posts in the longest thread")
        parser.add_argument("--batch", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, shape, threads, posts, members, long_thread, batch, seed, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("seed_scale refuses to run with production settings.")
        base = SHAPES[shape or "peers"]
        threads = threads or base["threads"]
        posts = posts or base["posts"]
        members = members or base["members"]
        long_thread = base["long_thread"] if long_thread is None else long_thread
        if posts < threads:
            raise CommandError("--posts must be at least --threads (every thread has an opening post).")
        rng = random.Random(seed)
        self.started = time.monotonic()
        seed_demo(conversations=False)
        boards = list(Board.objects.all())
        now = timezone.now()
        start_of_time = now - timedelta(days=365)

        member_ids = self._members(members, start_of_time)
        created_threads = self._threads(rng, threads, boards, member_ids, start_of_time, now)
        replies = self._reply_counts(rng, threads, posts - threads, long_thread)
        written = self._posts(rng, created_threads, replies, member_ids, batch)
        self._say(f"posts: {written}")
        self._recount()
        self._say("counters")
        self._reactions(rng, member_ids, written)
        self._reader(rng, member_ids, created_threads)
        if connection.vendor == "postgresql":
            # As the site would be after autovacuum: visibility maps set, statistics current.
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test's): statistics are what matter there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - self.started:.0f} s."))

    def _say(self, what: str) -> None:
        self.stdout.write(f"{what} ({time.monotonic() - self.started:.0f} s)")

    def _members(self, members: int, joined) -> list[int]:
        password = make_password(None)
        first_new = User.objects.count()
        User.objects.bulk_create(
            (
                User(username=f"scale_member_{first_new + i}", email="", password=password, date_joined=joined)
                for i in range(members)
            ),
            batch_size=2_000,
        )
        member_ids = list(User.objects.filter(username__startswith="scale_member_").values_list("pk", flat=True))
        self._say(f"members: {len(member_ids)}")
        return member_ids

    def _threads(self, rng, threads, boards, member_ids, start_of_time, now) -> list[Thread]:
        first_thread_pk = (Thread.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        span = int((now - start_of_time).total_seconds())
        rows = []
        for index in range(threads):
            created = start_of_time + timedelta(seconds=rng.randrange(span))
            rows.append(
                Thread(
                    board=rng.choice(boards),
                    title=f"{rng.choice(OPENINGS)[:60].rstrip('.,')}: {rng.choice(NOUNS)} ({first_thread_pk + index})",
                    author_id=rng.choice(member_ids),
                    is_anonymous=rng.random() < 0.1,
                    created_at=created,
                    last_activity_at=created,
                )
            )
        # The longest thread starts a year ago, so its replies fit before today.
        rows[0].created_at = rows[0].last_activity_at = start_of_time
        with transaction.atomic():
            created_threads = Thread.objects.bulk_create(rows, batch_size=5_000)
        if not created_threads or created_threads[0].pk is None:  # SQLite before 3.35 gives no ids back
            created_threads = list(Thread.objects.filter(pk__gte=first_thread_pk).order_by("pk"))
        self._say(f"threads: {len(created_threads)}")
        return created_threads

    @staticmethod
    def _reply_counts(rng, threads: int, extra: int, long_thread: int) -> list[int]:
        """Replies per thread: one very long thread, then a long tail like a real forum's."""
        longest = min(max(long_thread - 1, 0), extra)
        rest = extra - longest
        weights = [rng.paretovariate(1.3) for _ in range(threads - 1)] or [1.0]
        total = sum(weights)
        replies = [longest] + [min(int(rest * weight / total), longest or rest) for weight in weights]
        replies = replies[:threads]
        # What rounding and the cap left over is spread over the other threads, one reply each.
        leftover = extra - sum(replies)
        index = 1
        while leftover > 0:
            target = index % threads if threads > 1 else 0
            replies[target] += 1
            leftover -= 1
            index += 1
        return replies

    def _posts(self, rng, created_threads, replies, member_ids, batch) -> int:
        # A pool of Markdown bodies rendered once; each post adds its own last sentence (with words
        # common and rare), so posts differ and search finds rare words in few of them.
        pool = []
        for index in range(1_500):
            body = markdown_body(rng, reply=index % 3 != 0)
            html = render_member_markdown(body)
            pool.append((body, html, plain_text(html)))
        columns = [
            "thread_id",
            "author_id",
            "position",
            "body",
            "body_html",
            "body_text",
            "search_title",
            "created_at",
            "is_anonymous",
            "content_warnings",
            "is_hidden",
            "hidden_reason",
            "is_pending_approval",
        ]
        rows: list[tuple] = []
        written = 0
        now = timezone.now()
        for thread, reply_total in zip(created_threads, replies, strict=True):
            moment = thread.created_at
            # Spread the thread's replies between its start and now, so the longest ends today.
            step_limit = max(int((now - moment).total_seconds() / (reply_total + 2) / 60), 2)
            for position in range(1, reply_total + 2):
                pooled, pooled_html, pooled_text = rng.choice(pool)
                last = f"Today I thought about the {rng.choice(NOUNS)} again"
                if rng.random() < 0.3:
                    last += f" and the {made_up_word(rng)}"
                last += "."
                body = f"{pooled}\n\n{last}"
                html = f"{pooled_html}<p>{last}</p>\n"
                rows.append(
                    (
                        thread.pk,
                        thread.author_id if position == 1 else rng.choice(member_ids),
                        position,
                        body,
                        html,
                        f"{pooled_text} {last}",
                        thread.title if position == 1 else "",
                        moment,
                        thread.is_anonymous if position == 1 else rng.random() < 0.05,
                        [rng.choice(ContentWarning.values)] if rng.random() < 0.08 else [],
                        False,
                        "",
                        False,
                    )
                )
                moment += timedelta(minutes=rng.randrange(1, min(step_limit, 240) + 1))
                if len(rows) >= batch:
                    insert_rows(Post, columns, rows)
                    written += len(rows)
                    rows.clear()
                    if written % (batch * 5) == 0:
                        self._say(f"  posts: {written}")
        insert_rows(Post, columns, rows)
        return written + len(rows)

    def _reactions(self, rng, member_ids, written: int) -> None:
        """About one reaction for every four posts, never twice the same (post, member, kind)."""
        post_ids = list(Post.objects.values_list("pk", flat=True))
        kinds = ReactionKind.values
        now = timezone.now()
        seen = set()
        rows = []
        for _ in range(written // 4):
            key = (rng.choice(post_ids), rng.choice(member_ids), rng.choice(kinds))
            if key not in seen:
                seen.add(key)
                rows.append((*key, now))
        insert_rows(Reaction, ["post_id", "member_id", "kind", "created_at"], rows)
        self._say(f"reactions: {len(rows)}")

    def _reader(self, rng, member_ids, created_threads) -> None:
        """The member the benchmark reads as: mutes, hidden words, content-warning choices, follows."""
        reader, created = User.objects.get_or_create(username=BENCH_READER, defaults={"email": ""})
        if created:
            reader.set_password(DEMO_PASSWORD)
            reader.save(update_fields=["password"])
        now = timezone.now()
        MemberMute.objects.bulk_create(
            [
                MemberMute(member=reader, muted_id=muted, created_at=now)
                for muted in rng.sample(member_ids, min(20, len(member_ids)))
            ],
            ignore_conflicts=True,
        )
        HiddenWord.objects.bulk_create(
            [HiddenWord(member=reader, word=word) for word in ("relapse", "funeral", "hospital", "cravings")],
            ignore_conflicts=True,
        )
        ContentWarningPreference.objects.bulk_create(
            [
                ContentWarningPreference(
                    member=reader, warning=ContentWarning.GRIEF, choice=ContentWarningChoice.COLLAPSE
                ),
                ContentWarningPreference(member=reader, warning=ContentWarning.ABUSE, choice=ContentWarningChoice.HIDE),
            ],
            ignore_conflicts=True,
        )
        followed = [created_threads[0], *rng.sample(created_threads, min(50, len(created_threads)))]
        ThreadFollow.objects.bulk_create(
            [ThreadFollow(thread=thread, member=reader) for thread in followed], ignore_conflicts=True
        )
        self._say(f"reader: {BENCH_READER}")

    def _recount(self):
        """Denormalised counters and last-post links, recomputed in set-based updates."""
        last = Post.objects.filter(thread=OuterRef("pk")).order_by("-position")
        counts = Post.objects.filter(thread=OuterRef("pk")).values("thread").annotate(n=Count("pk")).values("n")
        Thread.objects.update(
            last_post=Subquery(last.values("pk")[:1]),
            last_activity_at=Subquery(last.values("created_at")[:1]),
            reply_count=Subquery(counts) - 1,
        )
        board_last = Post.objects.filter(thread__board=OuterRef("pk")).order_by("-created_at")
        thread_counts = Thread.objects.filter(board=OuterRef("pk")).values("board").annotate(n=Count("pk")).values("n")
        post_counts = (
            Post.objects.filter(thread__board=OuterRef("pk"))
            .values("thread__board")
            .annotate(n=Count("pk"))
            .values("n")
        )
        for board in Board.objects.all():
            Board.objects.filter(pk=board.pk).update(
                last_post=Subquery(board_last.values("pk")[:1]),
                thread_count=Coalesce(Subquery(thread_counts), 0),
                post_count=Coalesce(Subquery(post_counts), 0),
            )
