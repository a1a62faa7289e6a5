"""Reads for the directory and the crisis page. The directory is small (hundreds of entries), so
"open now" is judged in Python over one prefetched query; the count of queries never grows."""

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from resources.models import ANYWHERE, CRISIS_KINDS, OpeningHours, Resource, ResourceRegion

RESOURCES_PER_PAGE = 20
HELP_SNAPSHOT_CACHE_KEY = "resources:help-snapshot"
REGION_COOKIE = "ss_region"


@dataclass(frozen=True)
class DirectoryFilters:
    kind: str = ""
    topic: str = ""
    country: str = ""
    language: str = ""
    cost: str = ""
    open_now: bool = False
    always_open: bool = False
    text: str = ""


def _with_details(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    return resources.prefetch_related(
        "topics", "regions", Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
    )


def resource_list_for_directory(*, filters: DirectoryFilters, now: datetime | None = None) -> list[Resource]:
    now = now or timezone.now()
    resources = Resource.objects.current()
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.topic:
        resources = resources.filter(topics__topic=filters.topic)
    if filters.country:
        resources = resources.filter(regions__country__in=[filters.country.upper(), ANYWHERE])
    if filters.cost:
        resources = resources.filter(cost=filters.cost)
    if filters.always_open:
        resources = resources.filter(is_24_7=True)
    if filters.text:
        for word in filters.text.split()[:8]:
            resources = resources.filter(
                Q(name__icontains=word) | Q(description__icontains=word) | Q(audience__icontains=word)
            )
    results = list(_with_details(resources.distinct()))
    if filters.language:
        results = [r for r in results if filters.language.lower() in r.language_list]
    for resource in results:
        resource.open_now = resource.is_open_at(now)
    if filters.open_now:
        results = [r for r in results if r.open_now]
    # Local help first when a region is chosen, then what is open now, then by name.
    country = filters.country.upper()
    results.sort(key=lambda r: (not _serves_country(r, country), not r.open_now, r.name.casefold()))
    return results


def _serves_country(resource: Resource, country: str) -> bool:
    return bool(country) and any(region.country == country for region in resource.regions.all())


def resource_page_for_directory(*, filters: DirectoryFilters, page_number, now=None) -> Page:
    return Paginator(resource_list_for_directory(filters=filters, now=now), RESOURCES_PER_PAGE).get_page(page_number)


def resource_list_for_topic(*, topic: str, country: str = "", limit: int = 5) -> list[Resource]:
    """For a board's sidebar: crisis lines first, local ones first."""
    if not topic:
        return []
    results = resource_list_for_directory(filters=DirectoryFilters(topic=topic, country=country))
    results.sort(key=lambda r: (r.kind not in CRISIS_KINDS, not _serves_country(r, country.upper()), r.name))
    return results[:limit]


def region_for_request(request) -> str:
    """The region the person chose: a member's saved one, else the visitor's cookie. Never IP-based."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = getattr(user, "resource_region", None)
        if saved is not None:
            return saved.country
    value = request.COOKIES.get(REGION_COOKIE, "")
    return value.upper() if len(value) == 2 and value.isalpha() else ""


def country_choices() -> list[tuple[str, str]]:
    """Countries the directory serves, for the region picker (one query)."""
    codes = sorted(set(ResourceRegion.objects.exclude(country=ANYWHERE).values_list("country", flat=True)))
    return [(code, COUNTRY_NAMES.get(code, code)) for code in codes]


COUNTRY_NAMES = {
    "AU": "Australia", "CA": "Canada", "DE": "Germany", "FR": "France", "GB": "United Kingdom",
    "IE": "Ireland", "IN": "India", "NL": "Netherlands", "NZ": "New Zealand", "US": "United States",
    "ZA": "South Africa",
}  # fmt: skip


# --- The crisis page's snapshot ---------------------------------------------------------------


def _snapshot_path():
    return settings.RESOURCES_SNAPSHOT_PATH


def crisis_snapshot_from_database() -> list[dict]:
    """Published crisis lines and text services as plain data for /help/ (no model objects)."""
    resources = _with_details(Resource.objects.current().filter(kind__in=CRISIS_KINDS))
    return [
        {
            "name": r.name,
            "description": r.description,
            "kind": r.kind,
            "phone": r.phone,
            "sms_number": r.sms_number,
            "sms_keyword": r.sms_keyword,
            "sms_href": r.sms_href,
            "website": r.website,
            "email": r.email,
            "is_24_7": r.is_24_7,
            "time_zone": r.time_zone,
            "countries": sorted({region.country for region in r.regions.all()}),
            "hours": [
                [h.weekday, h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M")] for h in r.opening_hours.all()
            ],
            "languages": r.language_list,
            "last_verified_on": r.last_verified_on.isoformat() if r.last_verified_on else None,
        }
        for r in resources
    ]


def crisis_snapshot() -> list[dict]:
    """The crisis page's data without touching the database: the cache first, then the file
    written on every publish. An empty list when neither exists (the page still gives guidance)."""
    try:
        cached = cache.get(HELP_SNAPSHOT_CACHE_KEY)
    except Exception:  # the cache can be down too; the file is the last resort
        cached = None
    if cached is not None:
        return cached
    try:
        data = json.loads(_snapshot_path().read_text())
    except (OSError, ValueError):
        return []
    with contextlib.suppress(Exception):  # serving the page matters more than warming the cache
        cache.set(HELP_SNAPSHOT_CACHE_KEY, data, None)
    return data


def crisis_resources_for_region(country: str, *, now: datetime | None = None) -> list[dict]:
    """Crisis lines for the crisis page, the composer's crisis panel and "worried about someone"
    notes: the person's region first, then open now, then the rest."""
    from resources.hours import snapshot_is_open

    now = now or timezone.now()
    country = (country or "").upper()
    entries = [dict(entry, open_now=snapshot_is_open(entry, now)) for entry in crisis_snapshot()]
    entries.sort(key=lambda e: (country not in e["countries"], not e["open_now"], e["name"].casefold()))
    return entries


def member_resource_data_for_export(user) -> dict:
    from resources.models import MemberRegion

    region = MemberRegion.objects.filter(member=user).values_list("country", flat=True).first()
    return {
        "resource_region": region,
        "resource_suggestions": [
            {"name": name, "status": status, "suggested": created.isoformat()}
            for name, status, created in Resource.objects.filter(suggested_by=user).values_list(
                "name", "status", "created_at"
            )
        ],
    }
