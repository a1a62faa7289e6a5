"""A developer's machine: SQLite, local-memory cache, in-process tasks and console email unless
DATABASE_URL / REDIS_URL / EMAIL_URL say otherwise (see base.py)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
