"""A Redis cache that degrades instead of breaking.

Rate limits (allauth's login limits among them), unread counts and the crisis page's snapshot live
in the cache. When Redis stops, Django's RedisCache raises on every call and login answers 500.
Here a failed call is logged once per outage and answered from a small in-process memory cache
instead, so limits keep counting (per process) and pages keep working. After a failure Redis is left
alone for a few seconds, so a stopped server costs a request one short timeout, not one per call."""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long Redis is left alone after a failed call before the next call tries it again.
RETRY_AFTER_SECONDS = 5.0
UNREACHABLE = (RedisError, ConnectionError, OSError)


class _ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis for every cache call, and each copies redis-py's
    table of some 170 reply parsers: a few of those per page cost more than the calls themselves.
    A redis.Redis is safe to share between threads (each command takes a connection from the
    pool), so one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
        self._fallback = LocMemCache(f"redis-fallback:{server}", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                with self._lock:
                    first = self._down_until == 0.0
                    self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                if first:
                    logger.warning("Cache unreachable (%s); serving from memory until it is back", error)
            else:
                if self._down_until:
                    with self._lock:
                        self._down_until = 0.0
                    logger.warning("Cache reachable again")
                return result
        return getattr(self._fallback, name)(*args, **kwargs)


def _degrading(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(ResilientRedisCache, _name, _degrading(_name))
