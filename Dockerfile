# Production image for Safe Space: gunicorn serves the site, the same image runs Celery.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=safespace.settings.production
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 1000 safespace
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .
COPY . .
COPY --from=assets /build/node_modules ./node_modules
# collectstatic needs settings to import, not real secrets or a reachable database or cache.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R safespace /app/var
USER safespace
EXPOSE 8000
CMD ["gunicorn", "safespace.wsgi:application", "--config", "gunicorn.conf.py"]
