"""Opening hours for snapshot data (plain dicts), the same rule as OpeningHours.covers()."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from resources.models import known_time_zones


def snapshot_is_open(entry: dict, moment: datetime) -> bool:
    if entry.get("is_24_7"):
        return True
    zone = ZoneInfo(entry["time_zone"] if entry.get("time_zone") in known_time_zones() else "UTC")
    local = moment.astimezone(zone)
    day, clock = local.weekday(), local.time()
    for weekday, opens_text, closes_text in entry.get("hours", []):
        opens, closes = time.fromisoformat(opens_text), time.fromisoformat(closes_text)
        if closes > opens:
            if weekday == day and opens <= clock < closes:
                return True
        elif (weekday == day and clock >= opens) or ((weekday + 1) % 7 == day and clock < closes):
            return True
    return False
