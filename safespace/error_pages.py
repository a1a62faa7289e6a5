"""Our error pages, rendered without the database, the session or any context processor: they are
shown exactly when those may be failing. The 500 and 503 pages carry the crisis lines inline, from
the snapshot (cache, then file), so a person in trouble needs no second click that could fail too."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

from resources.selectors import REGION_COOKIE, crisis_resources_for_region

logger = logging.getLogger(__name__)

PAGES = {
    400: ("errors/400.html", _("We couldn't read that request")),
    404: ("errors/404.html", _("We couldn't find that page")),
    413: ("errors/413.html", _("That was more than we can take in one go")),
    414: ("errors/414.html", _("That address is too long")),
    500: ("errors/500.html", _("Something went wrong on our side")),
    503: ("errors/503.html", _("Safe Space is having trouble right now")),
}
# Pages that show the crisis lines themselves rather than only a link to them.
WITH_CRISIS_LINES = {500, 503}
CRISIS_LINES_SHOWN = 4


def _crisis_lines(request) -> list[dict]:
    try:
        value = request.COOKIES.get(REGION_COOKIE, "") if request is not None else ""
        region = value.upper() if len(value) == 2 and value.isalpha() else ""
        return crisis_resources_for_region(region)[:CRISIS_LINES_SHOWN]
    except Exception:  # noqa: BLE001  an error page must render, with or without the lines
        logger.exception("Crisis lines unavailable for an error page")
        return []


def render_error_page(request, status: int) -> HttpResponse:
    template, title = PAGES[status]
    context = {
        "status": status,
        "title": title,
        "SITE_NAME": settings.SITE_NAME,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "crisis_lines": _crisis_lines(request) if status in WITH_CRISIS_LINES else [],
    }
    response = HttpResponse(loader.get_template(template).render(context), status=status)
    if status == 503:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
