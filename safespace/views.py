from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


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


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def server_error(request):
    """Renders without a request context: no context processors, so nothing touches the database."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request, reason=""):
    """A form that failed the CSRF check (open too long, logged in or out in another tab). Nothing
    was done. A composer's words are kept and shown (forums.views.kept_words); any other form gets
    a calm explanation and a way back."""
    from forums.views.kept_words import COMPOSER_VIEW_NAMES, words_kept_response

    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        view_name = ""
    if request.method == "POST" and view_name in COMPOSER_VIEW_NAMES:
        return words_kept_response(request, reason="expired", status=403)
    referer = request.headers.get("Referer", "")
    back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()) else ""
    return render(request, "csrf_failure.html", {"back_url": back}, status=403)
