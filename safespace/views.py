import sys

from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forums.views.composer import COMPOSER_VIEW_NAMES, words_kept_response
from safespace.client_ip import client_ip
from safespace.csp_reports import MAX_REPORT_BYTES, allow_report, log_reports, read_reports
from safespace.error_pages import render_error_page


@never_cache
def healthz(request):
    """Liveness for load balancers: database and cache status, nothing secret."""
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "unavailable"
    try:
        cache.set("healthz", "1", 5)
        if cache.get("healthz") != "1":
            status["cache"] = "unavailable"
    except Exception:
        status["cache"] = "unavailable"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **status}, status=200 if healthy else 503)


def favicon(request):
    """Some browsers ask for /favicon.ico whatever the page links to: send them to our own icon
    (a temporary redirect, since its static name changes with its content)."""
    return redirect(static("favicon.ico"))


@csrf_exempt  # browsers send reports without our token; nothing here changes any state but a log line
@require_POST
def csp_report(request):
    """Where browsers report Content-Security-Policy violations. Always 204: a browser has nothing
    to do with an answer, and a flood learns nothing from one."""
    if allow_report(client_ip(request) or "unknown"):
        log_reports(read_reports(request.body[: MAX_REPORT_BYTES + 1]))
    return HttpResponse(status=204)


def page_not_found(request, exception):
    try:
        return render(request, "404.html", status=404)
    except DatabaseError:
        # The page's header needs the session and the member: without the database, the plain one.
        return render_error_page(request, 404)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def bad_request(request, exception):
    """Malformed requests, and a form too large to read (a post of megabytes): its own page that
    says the words are still in the browser."""
    if isinstance(exception, RequestDataTooBig):
        return render_error_page(request, 413)
    return render_error_page(request, 400)


def server_error(request):
    """The database unavailable answers 503, anything else 500; both pages need no database, no
    session, no context processor, and carry the crisis lines."""
    error = sys.exc_info()[1]
    return render_error_page(request, 503 if isinstance(error, DatabaseError) else 500)


def csrf_failure(request, reason=""):
    """A form that failed the CSRF check (open too long, logged in or out in another tab). Nothing
    was done. A composer's words are kept and shown (forums.views.composer); any other form gets
    a calm explanation and a way back."""
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        view_name = ""
    if request.method == "POST" and view_name in COMPOSER_VIEW_NAMES:
        return words_kept_response(request, reason="expired", status=403)
    referer = request.headers.get("Referer", "")
    back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()) else ""
    return render(request, "csrf_failure.html", {"back_url": back}, status=403)
