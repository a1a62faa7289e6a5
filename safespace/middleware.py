"""Middleware that keeps the way to help open whatever else is failing, and keeps what a member sees
on their own device and in their own hands.

- RequestGuardMiddleware answers malformed and oversized URLs with our own pages before anything
  else runs (a NUL in a username would otherwise reach PostgreSQL and answer 500).
- SessionMiddleware is Django's, except on the pages that must load during any outage ("Get help
  now" and everything under /help/, and /healthz): there the session store is never read or
  written, so those pages render as for a visitor without the database or the cache.
- PrivateResponseMiddleware sends no-store for member pages and a Permissions-Policy."""

import re

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import add_never_cache_headers, has_vary_header

from safespace.error_pages import render_error_page

# Paths that never touch the database or the session store.
OUTAGE_SAFE_PREFIXES = ("/help/", "/healthz")
# Longer URLs than any page of ours uses get the friendly 414 page (gunicorn.conf.py allows up to 8190).
MAX_URL_LENGTH = 4096
# Control characters (NUL among them), and U+FFFD, which stands in for bytes that were not UTF-8.
INVALID_PATH_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\ufffd\ud800-\udfff]")



# Every powerful browser feature the site never uses, switched off for it and anything it embeds
# (only names Chromium knows: an unknown one is a console warning on every page).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in member and on any response that
    varies by who asks (it read the session or the cookies), so a private page never comes back from
    the browser's cache, or a shared proxy's, after logging out on a shared device. Plus a
    Permissions-Policy switching off the browser features the site never uses.

    publickey-credentials-get stays off: two-factor here is TOTP and recovery codes only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Outside the session and authentication middleware, so their Vary: Cookie is already on
        # the response; that also covers the log-out answer, after which the user is a visitor.
        user = getattr(request, "user", None)
        # The pages that never read the session (/help/, the error pages) cannot tell a member from
        # a visitor: a session cookie is enough to treat the device as someone's.
        has_session_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_vary_header(response, "Cookie") or has_session_cookie or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
            return render_error_page(request, 414)
        if INVALID_PATH_CHARACTERS.search(request.path):
            # No page of ours has such a character in its address: the same 404 as any unknown page.
            return render_error_page(request, 404)
        return self.get_response(request)


class NoSession(SessionBase):
    """An empty session that is never loaded or saved: nothing here needs who you are."""

    def __init__(self):
        super().__init__(session_key=None)
        self._session_cache = {}

    def load(self):
        return {}

    def exists(self, session_key):
        return False

    def create(self):
        pass

    def save(self, must_create=False):
        pass

    def delete(self, session_key=None):
        pass


def is_outage_safe(path: str) -> bool:
    return path.startswith(OUTAGE_SAFE_PREFIXES)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_request(self, request):
        if is_outage_safe(request.path):
            # The member's session cookie is left untouched: they are still logged in elsewhere.
            request.session = NoSession()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if isinstance(getattr(request, "session", None), NoSession):
            return response
        return super().process_response(request, response)


