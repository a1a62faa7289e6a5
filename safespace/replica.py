"""An optional read replica (DATABASE_REPLICA_URL): pages that only read are served from it, and
everything else from the primary.

Nobody misses their own words: a request that writes (a post, a reaction, a setting) or sends a
form gets a signed cookie that keeps that browser's reads on the primary for
DATABASE_REPLICA_PIN_SECONDS, longer than the replica takes to catch up; within that request, once it
has written, every read goes to the primary too. Sessions, accounts and sign-in state are always read
from the primary (a login must never look lost), as is anything read inside a transaction, and
everything outside a web request (Celery tasks read what was just committed, management commands).
Writes that only record reading (the read marker) do not pin: otherwise every thread view would."""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core import signing
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "safespace_primary"
_PIN_SALT = "safespace.replica.pin"
# Read from the primary unless a web request said otherwise: tasks and commands never read stale rows.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)
# Always read from the primary: sessions and who is signed in (a login must never look lost).
PRIMARY_ONLY_APPS = frozenset({"sessions", "account", "mfa", "usersessions", "socialaccount", "auth", "accounts"})
# Writes that do not change what the member expects to see next: no pin.
UNPINNED_WRITES = frozenset({"forums.threadreadstate", "sessions.session", "usersessions.usersession"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        if model._meta.label_lower not in UNPINNED_WRITES:
            _wrote.set(True)
            _replica_allowed.set(False)  # the rest of this request reads what it wrote
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def _pinned(request) -> bool:
    try:
        until = float(request.get_signed_cookie(PIN_COOKIE, salt=_PIN_SALT))
    except (KeyError, ValueError, signing.BadSignature):
        return False
    return until > time.time()


class ReadYourWritesMiddleware:
    def __init__(self, get_response):
        if not settings.DATABASE_REPLICA_URL:
            raise MiddlewareNotUsed  # one database: nothing to choose, no cookie
        self.get_response = get_response

    def __call__(self, request):
        allowed = _replica_allowed.set(request.method in SAFE_METHODS and not _pinned(request))
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            written = _wrote.get() or request.method not in SAFE_METHODS
        finally:
            _replica_allowed.reset(allowed)
            _wrote.reset(wrote)
        if written:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_signed_cookie(
                PIN_COOKIE,
                str(time.time() + seconds),
                salt=_PIN_SALT,
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
