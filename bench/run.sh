#!/usr/bin/env bash
# Serves Safe Space with gunicorn (production settings) on loopback against a PostgreSQL database
# seeded by `manage.py seed_scale`, and measures the board page, a long thread's first and last
# page, and search. Usage:
#   bench/run.sh --seed     # first time: migrate and generate 50k threads / 1M posts (several minutes)
#   bench/run.sh            # measure
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench}"
PORT="${BENCH_PORT:-8765}"
PY=.venv/bin/python

if [ "${1:-}" = "--seed" ]; then
  $PY manage.py migrate --noinput
  $PY manage.py seed_scale --threads "${BENCH_THREADS:-50000}" --posts "${BENCH_POSTS:-1000000}" --members 5000
fi

export DJANGO_SETTINGS_MODULE=safespace.settings.production
export DJANGO_SECRET_KEY="bench-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=False
$PY manage.py collectstatic --noinput -v0

read -r BOARD THREAD PAGES < <($PY manage.py shell -c "
from django.db.models import Count
from forums.models import POSTS_PER_PAGE, Board, Thread
board = Board.objects.order_by('-thread_count').first()
thread = Thread.objects.order_by('-reply_count').first()
print(board.slug, thread.pk, (thread.reply_count + 1 + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE)
" 2>/dev/null | tail -n 1)

.venv/bin/gunicorn safespace.wsgi:application --bind "127.0.0.1:$PORT" --workers "${BENCH_WORKERS:-4}" \
  --threads 1 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

echo "Longest thread: $THREAD ($PAGES pages); board: $BOARD"
$PY bench/load.py "http://127.0.0.1:$PORT" \
  "/" \
  "/boards/$BOARD/" \
  "/threads/$THREAD/" \
  "/threads/$THREAD/?page=last" \
  "/search/?q=breathing+exercise" \
  --requests "${BENCH_REQUESTS:-400}" --concurrency "${BENCH_CONCURRENCY:-8}"
