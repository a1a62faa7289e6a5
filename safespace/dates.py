"""One way to write a date or a time, on every page, in every email and in every notice a service
writes: the site's locale, day before month, a 24-hour clock and the time zone named, e.g.
"2 December 2026, 02:32 UTC". A reader at 2 a.m. should never have to guess which "2:32" we meant,
and a period in "a.m." must never meet the one that ends a sentence."""

from datetime import date, datetime

from django.utils import formats, timezone

DAY_FORMAT = "j F Y"
MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_day(value: date | datetime | None) -> str:
    """ "2 December 2026" (for a datetime, the day in the site's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return formats.date_format(value, DAY_FORMAT)


def format_month(value: date | datetime | None) -> str:
    """ "December 2026": for "member since", where the day would say more than a member needs to."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return formats.date_format(value, MONTH_FORMAT)


def format_time(value: datetime | None) -> str:
    """ "02:32 UTC": a time of day with its zone, for when the day goes without saying."""
    if value is None:
        return ""
    local = _local(value)
    return f"{formats.time_format(local, TIME_FORMAT)} {local.tzname() or ''}".strip()


def format_when(value: datetime | None) -> str:
    """ "2 December 2026, 02:32 UTC": a moment, in the site's time zone, with the zone named."""
    if value is None:
        return ""
    return f"{format_day(value)}, {format_time(value)}"
