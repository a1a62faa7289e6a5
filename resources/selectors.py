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

from resources.hours import snapshot_is_open
from resources.models import ANYWHERE, CRISIS_KINDS, Kind, MemberRegion, OpeningHours, Resource, ResourceRegion
from resources.reach import reach_for

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
        resource.reach = reach_for(
            phone=resource.phone,
            sms_number=resource.sms_number,
            sms_keyword=resource.sms_keyword,
            countries=sorted(region.country for region in resource.regions.all()),
        )
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
    crisis_lines = _for_reader([r for r in results if r.kind in CRISIS_KINDS], country.upper(), _describe_resource)
    others = [r for r in results if r.kind not in CRISIS_KINDS]
    others.sort(key=lambda r: (not _serves_country(r, country.upper()), r.name))
    return (crisis_lines + others)[:limit]


def support_list_for_topic(*, topic: str, country: str = "", limit: int = 3) -> list[Resource]:
    """For a board's sidebar, below its crisis lines: the topic's other kinds of help (groups,
    workshops, reading), local ones first."""
    if not topic:
        return []
    results = resource_list_for_directory(filters=DirectoryFilters(topic=topic, country=country))
    results = [r for r in results if r.kind not in CRISIS_KINDS]
    results.sort(key=lambda r: (not _serves_country(r, country.upper()), r.name.casefold()))
    return results[:limit]


# A board's "Support beyond the forum" list, per (topic, region), kept in the cache until the
# directory changes (resources.services.refresh_help_snapshot bumps the version after every change)
# or for SIDEBAR_CACHE_SECONDS at most; events that end meanwhile are left out when read.
SIDEBAR_CACHE_SECONDS = 600
SIDEBAR_VERSION_KEY = "resources:sidebar-version"


def sidebar_support_for_topic(*, topic: str, country: str = "", limit: int = 3) -> list[dict]:
    """support_list_for_topic() as plain entries (name, website, reach), cached: a board page reads
    no resource rows while the directory stays the same."""
    if not topic:
        return []
    version = cache.get(SIDEBAR_VERSION_KEY) or "0"
    key = f"resources:sidebar:{version}:{topic}:{country.upper()}"
    entries = cache.get(key)
    if entries is None:
        # A few more than shown, so an event that ends while cached leaves its place to the next.
        entries = [
            {
                "name": resource.name,
                "website": resource.website,
                "reach": {"phone_href": resource.reach["phone_href"], "phone_display": resource.reach["phone_display"]},
                "ends_at": resource.ends_at,
            }
            for resource in support_list_for_topic(topic=topic, country=country, limit=limit + 3)
        ]
        cache.set(key, entries, SIDEBAR_CACHE_SECONDS)
    now = timezone.now()
    return [entry for entry in entries if entry["ends_at"] is None or entry["ends_at"] >= now][:limit]


def _describe_resource(resource: Resource):
    return [region.country for region in resource.regions.all()], resource.open_now, resource.kind, resource.name


def member_region_cache_key(member_pk) -> str:
    return f"resources:member-region:{member_pk}"


def saved_region_for_member(member) -> str:
    """The member's saved region ("" for none), from the cache: pages with crisis lines read no row
    for it. resources.services.set_member_region writes the cache with the row."""
    key = member_region_cache_key(member.pk)
    saved = cache.get(key)
    if saved is None:
        region = MemberRegion.objects.filter(member=member).values_list("country", flat=True).first()
        saved = region or ""
        cache.set(key, saved, 3600)
    return saved


def region_for_request(request) -> str:
    """The region the person chose: a member's saved one, else the visitor's cookie. Never IP-based."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = saved_region_for_member(user)
        if saved:
            return saved
    value = request.COOKIES.get(REGION_COOKIE, "")
    return value.upper() if len(value) == 2 and value.isalpha() else ""


def country_choices() -> list[tuple[str, str]]:
    """Countries the directory serves, for the region picker (one query)."""
    codes = sorted(set(ResourceRegion.objects.exclude(country=ANYWHERE).values_list("country", flat=True)))
    return [(code, country_name(code)) for code in codes]


COUNTRY_NAMES = {
    "AU": "Australia", "CA": "Canada", "DE": "Germany", "FR": "France", "GB": "United Kingdom",
    "IE": "Ireland", "IN": "India", "NL": "Netherlands", "NZ": "New Zealand", "US": "United States",
    "ZA": "South Africa",
}  # fmt: skip


# --- The crisis page's snapshot ---------------------------------------------------------------


def _snapshot_path():
    return settings.RESOURCES_SNAPSHOT_PATH


def crisis_snapshot_from_database() -> list[dict]:
    """Published crisis lines and text services as plain data for /help/ (no model objects), with
    their numbers already formatted and linked (resources.reach), so no page works that out again."""
    resources = _with_details(Resource.objects.current().filter(kind__in=CRISIS_KINDS))
    entries = []
    for r in resources:
        countries = sorted({region.country for region in r.regions.all()})
        entries.append(
            {
                "name": r.name,
                "description": r.description,
                "kind": r.kind,
                "phone": r.phone,
                "sms_number": r.sms_number,
                "sms_keyword": r.sms_keyword,
                "website": r.website,
                "email": r.email,
                "is_24_7": r.is_24_7,
                "time_zone": r.time_zone,
                "countries": countries,
                "topics": sorted(topic.topic for topic in r.topics.all()),
                "hours": [
                    [h.weekday, h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M")] for h in r.opening_hours.all()
                ],
                "languages": r.language_list,
                "last_verified_on": r.last_verified_on.isoformat() if r.last_verified_on else None,
                **reach_for(phone=r.phone, sms_number=r.sms_number, sms_keyword=r.sms_keyword, countries=countries),
            }
        )
    return entries


def _with_reach(entry: dict) -> dict:
    """A snapshot written before numbers were formatted in it (an older release's file) is
    brought up to date in memory, so an upgrade never shows unlinked numbers until the next publish."""
    if "phone_display" in entry:
        return entry
    return {
        **entry,
        **reach_for(
            phone=entry.get("phone", ""),
            sms_number=entry.get("sms_number", ""),
            sms_keyword=entry.get("sms_keyword", ""),
            countries=entry.get("countries", []),
        ),
    }


def crisis_snapshot() -> list[dict]:
    """The crisis page's data without touching the database: the cache first, then the file
    written on every publish. An empty list when neither exists (the page still gives guidance)."""
    try:
        cached = cache.get(HELP_SNAPSHOT_CACHE_KEY)
    except Exception:  # the cache can be down too; the file is the last resort
        cached = None
    if cached is not None:
        return [_with_reach(entry) for entry in cached]
    try:
        data = [_with_reach(entry) for entry in json.loads(_snapshot_path().read_text())]
    except (OSError, ValueError, TypeError, AttributeError):
        return []
    with contextlib.suppress(Exception):  # serving the page matters more than warming the cache
        cache.set(HELP_SNAPSHOT_CACHE_KEY, data, None)
    return data


def _for_reader(items: list, country: str, describe, prefer=None) -> list:
    """Orders crisis lines for one reader. `describe(item)` gives (countries, open_now, kind, name);
    `prefer(item)`, when given, marks lines to put first among equals (a board's own topic).

    With a region that has lines: its lines first (open ones first, phone lines before text
    services), then services that answer anywhere, then the rest. With no region, or one we list no
    line for: services that answer anywhere, then an international set, chosen so the first few
    cover as many countries as they can (Samaritans answers for the UK and Ireland at once), each
    the best open line for its countries, then everything else. Nothing is guessed from an IP."""
    described = []
    for item in items:
        countries, open_now, kind, name = describe(item)
        preferred = prefer(item) if prefer else False
        rank = (not open_now, not preferred, kind != Kind.CRISIS_LINE, name.casefold())
        described.append((rank, set(countries), open_now, item))
    described.sort(key=lambda d: d[0])
    local = [d for d in described if country and country in d[1]]
    rest = [d for d in described if not (country and country in d[1])]
    anywhere = [d for d in rest if ANYWHERE in d[1]]
    others = [d for d in rest if ANYWHERE not in d[1]]
    spread, covered = [], set()
    while candidates := [d for d in others if d[1] - covered]:
        # max() keeps the first of equals, so ties fall back to the rank order above.
        best = max(candidates, key=lambda d: (d[2], len(d[1] - covered)))
        spread.append(best)
        covered |= best[1]
        others.remove(best)
    return [d[3] for d in local + anywhere + spread + others]


def _describe_entry(entry: dict):
    return entry["countries"], entry["open_now"], entry["kind"], entry["name"]


def crisis_resources_for_region(
    country: str, *, now: datetime | None = None, topic: str = "", snapshot: list[dict] | None = None
) -> list[dict]:
    """Crisis lines for the crisis page, the composer's crisis panel, "worried about someone"
    notes and board sidebars, in the order `_for_reader` explains (the first few make sense on
    their own); lines for `topic` (a board's) come first among equals. `snapshot`: one already read."""
    now = now or timezone.now()
    country = (country or "").upper()
    snapshot = crisis_snapshot() if snapshot is None else snapshot
    entries = [dict(entry, open_now=snapshot_is_open(entry, now)) for entry in snapshot]
    prefer = (lambda entry: topic in entry.get("topics", ())) if topic else None
    return _for_reader(entries, country, _describe_entry, prefer)


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


@dataclass(frozen=True)
class RegionChoice:
    """What the region picker beside crisis lines shows: the reader's region, whether we list a
    line for it, and the countries our crisis lines serve (read from the snapshot, so the picker
    works whenever the lines do)."""

    region: str
    region_name: str
    has_lines: bool
    choices: list[tuple[str, str]]
    next_url: str


def region_choice_for_reader(region: str, *, next_url: str = "", snapshot: list[dict] | None = None) -> RegionChoice:
    snapshot = crisis_snapshot() if snapshot is None else snapshot
    served = {country for entry in snapshot for country in entry["countries"] if country != ANYWHERE}
    offered = served | {region} if region else served  # a region saved from the directory stays selected
    return RegionChoice(
        region=region,
        region_name=country_name(region) if region else "",
        has_lines=region in served,
        choices=sorted(((code, country_name(code)) for code in offered), key=lambda choice: choice[1]),
        next_url=next_url,
    )


class CrisisLines(list):
    """Crisis lines in the order one reader should see them (a list of snapshot entries), carrying
    the region picker that goes beside them."""

    region_choice: RegionChoice


def crisis_lines_for_reader(
    region: str, *, next_url: str = "", limit: int | None = None, now: datetime | None = None, topic: str = ""
) -> CrisisLines:
    """For every place that shows crisis lines: the lines (`limit` of them, or all) and the
    region picker. Reads only the snapshot, never the database."""
    snapshot = crisis_snapshot()
    lines = CrisisLines(crisis_resources_for_region(region, now=now, topic=topic, snapshot=snapshot)[:limit])
    lines.region_choice = region_choice_for_reader((region or "").upper(), next_url=next_url, snapshot=snapshot)
    return lines


def region_choices_for_saving() -> list[tuple[str, str]]:
    """Every region a person may save: those the directory lists and those the crisis lines serve."""
    codes = {code for code, _name in country_choices()}
    codes |= {country for entry in crisis_snapshot() for country in entry["countries"] if country != ANYWHERE}
    return sorted(((code, country_name(code)) for code in codes), key=lambda choice: choice[1])


def member_resource_data_for_export(user) -> dict:
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
