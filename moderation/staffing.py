"""Staffed hours: when volunteer moderators are on. Outside them the site says when they are back
(with the crisis link) and the automatic-hide threshold is lower, since nobody may look for hours."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def _hours() -> tuple[time, time, ZoneInfo]:
    start, end = (time.fromisoformat(part.strip()) for part in settings.MODERATION_STAFFED_HOURS.split("-"))
    return start, end, ZoneInfo(settings.MODERATION_TIME_ZONE)


def moderators_on_duty(now: datetime | None = None) -> bool:
    start, end, zone = _hours()
    if start == end:
        return True  # "00:00-00:00": staffed around the clock
    local = (now or timezone.now()).astimezone(zone).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end  # hours that run past midnight, e.g. 18:00-02:00


def moderators_back_at(now: datetime | None = None) -> datetime:
    """The next start of staffed hours, in the moderators' time zone."""
    start, _end, zone = _hours()
    local = (now or timezone.now()).astimezone(zone)
    candidate = local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


def next_look_words(now: datetime | None = None) -> str:
    """When a moderator will next look, for every message about a wait: honest out of hours."""
    if moderators_on_duty(now):
        return _("Moderators are on now, so it shouldn't be long.")
    back = moderators_back_at(now)
    return _("Moderators are back at %(time)s (%(zone)s).") % {
        "time": back.strftime("%H:%M"),
        "zone": settings.MODERATION_TIME_ZONE,
    }
