#!/usr/bin/env bash
# `make bench`: seeds a benchmark database once (the peers' shape, or BENCH_SHAPE=million), serves the
# site with gunicorn and production settings on loopback beside the floor view (bench/settings.py),
# and measures visitor and member pages against the floor in interleaved rounds (bench/load.py).
#   bench/run.sh                 # seed if the database is empty, then measure
#   bench/run.sh --reseed        # drop and seed again first
#   bench/run.sh --explain       # also write EXPLAIN (ANALYZE, BUFFERS) of the searches to bench/plans/
#   bench/run.sh --search        # only the floor and the searches, 8 concurrent (BENCH_CONCURRENCY)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SHAPE="${BENCH_SHAPE:-peers}"
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_$SHAPE}"
export REDIS_URL="${BENCH_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379/14}}"
PORT="${BENCH_PORT:-8765}"
RESEED=0
EXPLAIN=0
SEARCH_ONLY=0
for argument in "$@"; do
  case "$argument" in
    --reseed) RESEED=1 ;;
    --explain) EXPLAIN=1 ;;
    --search) SEARCH_ONLY=1 ;;
    *) echo "usage: bench/run.sh [--reseed] [--explain] [--search]" >&2; exit 2 ;;
  esac
done

# The database is created when missing (and dropped first with --reseed); never the one in DATABASE_URL
# of the shell unless BENCH_DATABASE_URL names it.
$PY - "$RESEED" <<'PYTHON'
import os, sys
import environ, psycopg2
from psycopg2 import sql
config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
server = psycopg2.connect(dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
                          host=config["HOST"] or None, port=config["PORT"] or None)
server.autocommit = True
with server.cursor() as cursor:
    if sys.argv[1] == "1":
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
    if not cursor.fetchone():
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
PYTHON
$PY manage.py migrate --noinput -v0 --settings=safespace.settings.local
POSTS=$($PY manage.py shell --settings=safespace.settings.local -c "from forums.models import Post; print(Post.objects.count())" 2>/dev/null | tail -n 1)
if [ "$POSTS" = "0" ]; then
  echo "Seeding the $SHAPE shape into $(echo "$DATABASE_URL" | sed 's|//[^@]*@|//|')"
  time $PY manage.py seed_scale --shape "$SHAPE" --settings=safespace.settings.local
fi

export DJANGO_SETTINGS_MODULE=bench.settings
export DJANGO_SECRET_KEY="bench-only-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=False
$PY manage.py collectstatic --noinput -v0

# The pages: the busiest board, the longest thread, a word few posts use, one many use, one most use.
read -r BOARD THREAD RARE COOKIE < <($PY manage.py shell -c "
from django.conf import settings
from django.test import Client
from accounts.models import User
from forums.models import Board, Post, Thread
board = Board.objects.order_by('-thread_count').first()
thread = Thread.objects.order_by('-reply_count').first()
sample = Post.objects.filter(body_text__contains=' again and the ').values_list('body_text', flat=True).first() or ' x.'
client = Client()
client.force_login(User.objects.get(username='bench_reader'))
cookie = settings.SESSION_COOKIE_NAME + '=' + client.cookies[settings.SESSION_COOKIE_NAME].value
print(board.slug, thread.pk, sample.rsplit(' ', 1)[-1].strip('.'), cookie)
" 2>/dev/null | tail -n 1)

GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS="${BENCH_WORKERS:-2}" GUNICORN_THREADS=1 \
  .venv/bin/gunicorn safespace.wsgi:application --config gunicorn.conf.py --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

if [ "$EXPLAIN" = "1" ]; then
  $PY -m bench.explain "$RARE" > "bench/plans/search-$SHAPE.txt"
  echo "Search plans written to bench/plans/search-$SHAPE.txt"
fi

echo "Shape: $SHAPE; busiest board: $BOARD; longest thread: $THREAD; rare word: $RARE"
echo "Machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
mkdir -p var
SEARCHES=(
  "search rare word, visitor=/search/?q=$RARE" "search rare word, member=/search/?q=$RARE@member"
  "search common word, visitor=/search/?q=lighthouse" "search common word, member=/search/?q=lighthouse@member"
  "search very common word, visitor=/search/?q=feel" "search very common word, member=/search/?q=feel@member"
  "search three words, visitor=/search/?q=breathing+exercise+helped"
  "search three words, member=/search/?q=breathing+exercise+helped@member"
)
if [ "$SEARCH_ONLY" = "1" ]; then
  PAGES=("floor=/bench/floor/" "${SEARCHES[@]}")
  CONCURRENCY="${BENCH_CONCURRENCY:-8}"
else
  PAGES=(
    "floor=/bench/floor/"
    "board list, visitor=/" "board list, member=/@member"
    "board page, visitor=/boards/$BOARD/" "board page, member=/boards/$BOARD/@member"
    "thread first page, visitor=/threads/$THREAD/" "thread first page, member=/threads/$THREAD/@member"
    "thread last page, visitor=/threads/$THREAD/?page=last" "thread last page, member=/threads/$THREAD/?page=last@member"
    "${SEARCHES[@]}"
  )
  CONCURRENCY="${BENCH_CONCURRENCY:-4}"
fi
echo "Concurrent clients: $CONCURRENCY; gunicorn workers: ${BENCH_WORKERS:-2}"
$PY bench/load.py "http://127.0.0.1:$PORT" "${PAGES[@]}" \
  --member-cookie "$COOKIE" \
  --rounds "${BENCH_ROUNDS:-5}" --requests "${BENCH_REQUESTS:-40}" --concurrency "$CONCURRENCY" \
  --json "var/bench-$SHAPE$([ "$SEARCH_ONLY" = "1" ] && echo -search).json"
echo "Machine load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
