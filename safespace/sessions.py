"""Sessions in the cache, with the database as the record (Django's cached_db), kept in the cache for
a few minutes at a time.

A member's page then reads no session row: the session comes from Redis, and only a cache miss
(every SESSION_CACHE_SECONDS, or after Redis restarts) reads the database. When Redis is down,
safespace.cache answers from each process's memory and the database keeps every login working.

Why a short cache life: a session ended while Redis is unreachable (logging out, a password change,
account deletion) is deleted from the database and from that process's memory, but Redis may still
hold the copy it had before the outage. Each copy lives at most SESSION_CACHE_SECONDS, so such a
session cannot outlive its end by more than that."""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


def _cache_seconds(age: int) -> int:
    return max(0, min(age, getattr(settings, "SESSION_CACHE_SECONDS", 300)))


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "safespace.session"

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 (any cache error: the database has the session)
            data = None
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            data = self.decode(stored.session_data)
            try:
                self._cache.set(self.cache_key, data, _cache_seconds(self.get_expiry_age(expiry=stored.expire_date)))
            except Exception:  # noqa: BLE001
                logger.warning("Session not cached (the cache is unreachable)")
        return data

    def save(self, must_create=False):
        # The database first: a session is never in the cache without its row.
        super(cached_db.SessionStore, self).save(must_create)
        try:
            self._cache.set(self.cache_key, self._session, _cache_seconds(self.get_expiry_age()))
        except Exception:  # noqa: BLE001
            logger.warning("Session not cached (the cache is unreachable)")
