"""Finished HTML kept under content-addressed keys: each key is a digest of everything the fragment
shows, so a key's fragment never changes and a copy can never be stale.

That allows two tiers: a small per-process memory (most pages a worker serves ask for fragments it
served a moment ago) in front of the shared cache (Redis), which other workers and machines fill.
Redis being away costs nothing but renders: fragments are rendered again and kept in memory."""

import contextlib
import functools
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

# About 3 KB a fragment: some 15 MB per process at most.
MEMORY_ENTRIES = 5000
# What in the project can change how a fragment is drawn: its code, templates and translations.
BUILD_SOURCES = ("accounts", "care", "conversations", "forums", "moderation", "resources", "safespace", "templates")
BUILD_SUFFIXES = frozenset({".py", ".html", ".txt", ".mo"})
_UNREACHABLE = (RedisError, ConnectionError, OSError)


class _Memory:
    """A least-recently-used dict, safe across a process's threads."""

    def __init__(self, size: int):
        self._size = size
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys) -> dict[str, str]:
        found = {}
        with self._lock:
            for key in keys:
                value = self._entries.get(key)
                if value is not None:
                    self._entries.move_to_end(key)
                    found[key] = value
        return found

    def set_many(self, values: dict[str, str]) -> None:
        with self._lock:
            for key, value in values.items():
                self._entries[key] = value
                self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_memory = _Memory(MEMORY_ENTRIES)


@functools.cache
def placeholder(name: str) -> str:
    """Stands for a per-request value (a CSRF token, a form's one-time token) in a kept fragment,
    and is replaced by the real value on each page. Derived from the secret key, so a member cannot
    write it into a post and have someone's value printed in its place. Letters and digits only:
    escaping leaves it as it is."""
    return name + salted_hmac("safespace.fragments", name).hexdigest()[:32]


def fill(html: str, values: dict[str, str]) -> str:
    """A kept fragment with each placeholder(name) replaced by values[name]."""
    for name, value in values.items():
        html = html.replace(placeholder(name), value)
    return html


@functools.cache
def build_id() -> str:
    """A digest of the code, templates and translations this process runs, read once. It is part of
    every key in the shared cache, so after a release that draws a post, a row or the header
    differently no process serves HTML kept by the release before (those copies just expire)."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for source in BUILD_SOURCES:
        for path in sorted((base / source).rglob("*")):
            if path.suffix in BUILD_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _shared_key(key: str) -> str:
    return f"{build_id()}:{key}"


def get_many(keys: list[str]) -> dict[str, str]:
    """The fragments found, from this process's memory first, then the shared cache."""
    found = _memory.get_many(keys)
    wanted = [key for key in keys if key not in found]
    if wanted:
        shared = {}
        with contextlib.suppress(*_UNREACHABLE):
            shared = cache.get_many([_shared_key(key) for key in wanted])
        if shared:
            by_key = {key: shared[_shared_key(key)] for key in wanted if _shared_key(key) in shared}
            _memory.set_many(by_key)
            found.update(by_key)
    return found


def set_many(values: dict[str, str], timeout: int) -> None:
    if not values:
        return
    _memory.set_many(values)
    with contextlib.suppress(*_UNREACHABLE):
        cache.set_many({_shared_key(key): value for key, value in values.items()}, timeout)


def digest(shown) -> str:
    """The key part for everything a fragment shows (a tuple of plain values)."""
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def kept_html(name: str, shown, render, *, seconds: int, values: dict) -> SafeString:
    """Fragment `name` as drawn for `shown` (everything it shows but its per-page values): the kept
    copy, else render(), which draws it with placeholder(value_name) for each per-page value, kept
    for `seconds`. Then each placeholder is replaced by its value in `values`; a value may be a
    callable, asked only when the fragment holds its placeholder (a page without a form never asks
    for a CSRF token, so a visitor gets no CSRF cookie)."""
    key = f"{name}:{digest(shown)}"
    html = get_many([key]).get(key)
    if html is None:
        html = render()
        set_many({key: html}, seconds)
    filled = {
        value_name: str(value() if callable(value) else value)
        for value_name, value in values.items()
        if placeholder(value_name) in html
    }
    return mark_safe(fill(html, filled))  # noqa: S308 (our own templates' output)


def page_values(context) -> dict:
    """The per-page values of a fragment drawn in a template: the page's own address (the "next" of
    its forms, escaped as an attribute) and the reader's CSRF token (asked for only if used)."""
    request = context.get("request")
    return {
        "next": conditional_escape(request.get_full_path()) if request is not None else "",
        "csrf": lambda: context.get("csrf_token", ""),
    }


def forget_in_this_process() -> None:
    """For tests that count renders: the shared cache is cleared between tests, this memory too."""
    _memory.clear()
