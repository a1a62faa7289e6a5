"""Content-Security-Policy violation reports, sent by browsers to our own endpoint, so an attempted
injection (or a mistake of ours) is noticed. Each report is logged with the page's path, the
directive and where the blocked thing came from, and nothing else: no query string (searches say a
lot about a person), no address, no account."""

import json
import logging
from urllib.parse import urlsplit

from django.core.cache import cache

logger = logging.getLogger("safespace.csp")

MAX_REPORT_BYTES = 16 * 1024
# Per client address and per minute, and for the whole site per minute: a page in a loop, or
# someone flooding the endpoint, cannot flood the log.
PER_CLIENT_PER_MINUTE = 20
SITE_PER_MINUTE = 600


def _within(key: str, limit: int) -> bool:
    if cache.add(key, 1, 60):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the minute ended between add and incr: a new one starts
        cache.add(key, 1, 60)
        return True


def allow_report(client: str) -> bool:
    return _within("csp-report:site", SITE_PER_MINUTE) and _within(f"csp-report:{client}", PER_CLIENT_PER_MINUTE)


def _where(url: str) -> str:
    """A page as its path only; a blocked resource as its origin (or a keyword such as "inline")."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return parts.path[:200] or "/"
    return url.split(":", 1)[0][:40]


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.hostname}"[:120]
    return (url or "").split(":", 1)[0][:40]


def read_reports(body: bytes) -> list[dict]:
    """The reports in a request body: the legacy {"csp-report": {...}} form, or the Reporting API's
    list of {"type": "csp-violation", "body": {...}}. Unknown shapes give no reports."""
    if len(body) > MAX_REPORT_BYTES:
        return []
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        raw = data["csp-report"]
        return [
            {
                "page": _where(str(raw.get("document-uri", ""))),
                "directive": str(raw.get("effective-directive") or raw.get("violated-directive") or "")[:60],
                "blocked": _origin(str(raw.get("blocked-uri", ""))),
            }
        ]
    if isinstance(data, list):
        return [
            {
                "page": _where(str(item["body"].get("documentURL", ""))),
                "directive": str(item["body"].get("effectiveDirective", ""))[:60],
                "blocked": _origin(str(item["body"].get("blockedURL", ""))),
            }
            for item in data[:10]
            if isinstance(item, dict) and item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    return []


def log_reports(reports: list[dict]) -> None:
    for report in reports:
        page, directive, blocked = (report[name] or "?" for name in ("page", "directive", "blocked"))
        logger.warning("CSP violation on %s: %s blocked %s", page, directive, blocked)
