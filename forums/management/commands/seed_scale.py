"""Realistic volume for benchmarks: members, threads and posts with consistent counters, written
with bulk inserts. Never for production."""

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
from forums.demo import seed_demo
from forums.models import Board, ContentWarning, Post, Thread
from moderation.sanitise import plain_text, render_member_markdown

OPENINGS = [
    "I don't usually post, but today was hard.",
    "Has anyone else felt like this?",
    "I wanted to share something that helped me.",
    "It's been a rough week and I needed somewhere to say it.",
    "Small win today, and I wanted to tell someone.",
]
MIDDLES = [
    "My chest gets tight before meetings and I can't think straight.",
    "Since the funeral the evenings feel so long and quiet.",
    "Day forty without a drink. Some moments are harder than others.",
    "I keep replaying conversations in my head at night.",
    "Walking in the morning has made a real difference for me.",
    "I started writing things down and it helps me sort my thoughts.",
    "My friends mean well but they don't really understand.",
    "I tried the breathing exercise from the other thread and it helped a little.",
]
REPLIES = [
    "Sending you support. You're not alone in this.",
    "Me too. Thank you for putting it into words.",
    "That sounds really hard. I'm glad you posted.",
    "What helped me was taking it one hour at a time.",
    "Proud of you for reaching out.",
    "I felt the same last year, and it did get easier, slowly.",
]


class Command(BaseCommand):
    help = "Generates many members, threads and posts for benchmarks (bulk inserts; refuses production)."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=2_000)
        parser.add_argument("--posts", type=int, default=40_000, help="total posts, openings included")
        parser.add_argument("--members", type=int, default=500)
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, threads, posts, members, batch, seed, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("seed_scale refuses to run with production settings.")
        if posts < threads:
            raise CommandError("--posts must be at least --threads (every thread has an opening post).")
        rng = random.Random(seed)
        started = time.monotonic()
        seed_demo(conversations=False)
        boards = list(Board.objects.all())
        now = timezone.now()
        start_of_time = now - timedelta(days=365)
        password = make_password(None)

        first_new = User.objects.count()
        User.objects.bulk_create(
            (
                User(username=f"scale_member_{first_new + i}", email="", password=password, date_joined=start_of_time)
                for i in range(members)
            ),
            batch_size=batch,
        )
        member_ids = list(User.objects.filter(username__startswith="scale_member_").values_list("pk", flat=True))
        self.stdout.write(f"members: {len(member_ids)}")

        # Replies per thread: a long tail, like a real forum (a few threads are very long).
        extra = posts - threads
        weights = [rng.paretovariate(1.3) for _ in range(threads)]
        total = sum(weights)
        replies = [int(extra * weight / total) for weight in weights]
        replies[0] += extra - sum(replies)

        first_thread_pk = (Thread.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        thread_rows = []
        for index in range(threads):
            created = start_of_time + timedelta(seconds=rng.randrange(int((now - start_of_time).total_seconds())))
            thread_rows.append(
                Thread(
                    board=rng.choice(boards),
                    title=f"{rng.choice(OPENINGS)[:60]} ({first_thread_pk + index})",
                    author_id=rng.choice(member_ids),
                    is_anonymous=rng.random() < 0.1,
                    created_at=created,
                    last_activity_at=created,
                )
            )
        with transaction.atomic():
            created_threads = Thread.objects.bulk_create(thread_rows, batch_size=batch)
        if not created_threads or created_threads[0].pk is None:  # SQLite before 3.35 gives no ids back
            created_threads = list(Thread.objects.filter(pk__gte=first_thread_pk).order_by("pk"))
        self.stdout.write(f"threads: {len(created_threads)} ({time.monotonic() - started:.0f} s)")

        rendered = {text: render_member_markdown(text) for text in OPENINGS + MIDDLES + REPLIES}
        buffer: list[Post] = []
        written = 0
        for thread, reply_total in zip(created_threads, replies, strict=True):
            moment = thread.created_at
            for position in range(1, reply_total + 2):
                body = f"{rng.choice(OPENINGS)} {rng.choice(MIDDLES)}" if position == 1 else rng.choice(REPLIES)
                html = rendered.get(body) or render_member_markdown(body)
                rendered[body] = html
                buffer.append(
                    Post(
                        thread_id=thread.pk,
                        author_id=thread.author_id if position == 1 else rng.choice(member_ids),
                        position=position,
                        body=body,
                        body_html=html,
                        body_text=plain_text(html),
                        created_at=moment,
                        is_anonymous=thread.is_anonymous if position == 1 else rng.random() < 0.05,
                        content_warnings=[rng.choice(ContentWarning.values)] if rng.random() < 0.08 else [],
                    )
                )
                moment += timedelta(minutes=rng.randrange(1, 240))
                if len(buffer) >= batch:
                    Post.objects.bulk_create(buffer)
                    written += len(buffer)
                    buffer.clear()
                    if written % (batch * 20) == 0:
                        self.stdout.write(f"  posts: {written} ({time.monotonic() - started:.0f} s)")
        Post.objects.bulk_create(buffer)
        written += len(buffer)
        self.stdout.write(f"posts: {written} ({time.monotonic() - started:.0f} s)")

        self._recount()
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.0f} s."))

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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE forums_post; ANALYZE forums_thread;")
