"""Demo directory entries: well-known public services with the contact facts they publish, plus
fictional local groups and workshops (marked as demo data in the admin) so every filter has
something to show."""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from resources.models import ANYWHERE, Cost, Kind, OpeningHours, Resource, ResourceRegion, ResourceTopic, Status, Topic
from resources.services import refresh_help_snapshot

CRISIS_TOPICS = [Topic.SUICIDE, Topic.SELF_HARM, Topic.GENERAL, Topic.ANXIETY, Topic.LONELINESS]

SERVICES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "description": "Free, confidential support for people in distress, by call or text, any time. Chat online too.",
        "kind": Kind.CRISIS_LINE, "phone": "988", "sms_number": "988", "website": "https://988lifeline.org",
        "is_24_7": True, "countries": ["US"], "languages": "en,es", "topics": CRISIS_TOPICS,
    },
    {
        "name": "Samaritans",
        "description": "Someone to talk to, day or night, whatever you're going through. Calls are free.",
        "kind": Kind.CRISIS_LINE, "phone": "116123", "email": "jo@samaritans.org",
        "website": "https://www.samaritans.org", "is_24_7": True, "countries": ["GB", "IE"],
        "topics": CRISIS_TOPICS + [Topic.GRIEF, Topic.STRESS],
    },
    {
        "name": "Crisis Text Line",
        "description": "Text with a trained volunteer crisis counselor, free and at any hour.",
        "kind": Kind.TEXT_SERVICE, "sms_number": "741741", "sms_keyword": "HOME",
        "website": "https://www.crisistextline.org", "is_24_7": True, "countries": ["US"], "topics": CRISIS_TOPICS,
    },
    {
        "name": "Shout 85258",
        "description": "A free, confidential text support service for anyone struggling to cope, any time.",
        "kind": Kind.TEXT_SERVICE, "sms_number": "85258", "sms_keyword": "SHOUT",
        "website": "https://giveusashout.org", "is_24_7": True, "countries": ["GB"], "topics": CRISIS_TOPICS,
    },
    {
        "name": "Lifeline Australia",
        "description": "Crisis support and suicide prevention by phone, text and online chat, around the clock.",
        "kind": Kind.CRISIS_LINE, "phone": "131114", "sms_number": "0477131114",
        "website": "https://www.lifeline.org.au", "is_24_7": True, "countries": ["AU"], "time_zone": "Australia/Sydney",
        "topics": CRISIS_TOPICS,
    },
    {
        "name": "Kids Help Phone",
        "description": "Support for young people in Canada by phone or text, any time.",
        "kind": Kind.CRISIS_LINE, "phone": "18006686868", "sms_number": "686868", "sms_keyword": "CONNECT",
        "website": "https://kidshelpphone.ca", "is_24_7": True, "countries": ["CA"], "audience": "young people",
        "time_zone": "America/Toronto", "topics": CRISIS_TOPICS,
    },
    # Fictional local services, so every filter has something to show.
    {
        "name": "Riverside Evening Listening Line (demo)",
        "description": "A volunteer listening line for the evening hours, for anyone feeling low or alone.",
        "kind": Kind.CRISIS_LINE, "phone": "+441632960123", "countries": ["GB"], "time_zone": "Europe/London",
        "hours": [(day, time(18, 0), time(2, 0)) for day in range(7)], "topics": [Topic.LONELINESS, Topic.GENERAL],
    },
    {
        "name": "Harbour Grief Circle (demo)",
        "description": "A small, gentle peer group for people grieving, meeting every Thursday evening.",
        "kind": Kind.SUPPORT_GROUP, "address": "Harbour Community Centre, 1 Quay Street", "countries": ["GB"],
        "time_zone": "Europe/London", "hours": [(3, time(19, 0), time(20, 30))], "topics": [Topic.GRIEF],
    },
    {
        "name": "Steady Steps Recovery Meetup (demo)",
        "description": "A relaxed weekly meetup for people in recovery from alcohol and drugs, with coffee.",
        "kind": Kind.SUPPORT_GROUP, "website": "https://steadysteps.example.org", "countries": ["US"],
        "area": "Portland, OR", "time_zone": "America/Los_Angeles",
        "hours": [(1, time(18, 30), time(20, 0))], "topics": [Topic.RECOVERY], "languages": "en,es",
    },
    {
        "name": "Calm Minds Online Community (demo)",
        "description": "A moderated online space for sharing coping ideas for anxiety and stress.",
        "kind": Kind.ONLINE_COMMUNITY, "website": "https://calmminds.example.org", "countries": [ANYWHERE],
        "is_24_7": True, "topics": [Topic.ANXIETY, Topic.STRESS],
    },
    {
        "name": "Mindful Mornings: a four-week course (demo)",
        "description": "Short guided mindfulness sessions on weekday mornings, online and low cost.",
        "kind": Kind.WORKSHOP, "website": "https://mindfulmornings.example.org", "countries": [ANYWHERE],
        "cost": Cost.LOW, "starts_in_days": 14, "topics": [Topic.ANXIETY, Topic.STRESS],
    },
    {
        "name": "Coping Skills Workshop, last spring (demo)",
        "description": "A past workshop: kept to show that events drop out of listings by themselves.",
        "kind": Kind.WORKSHOP, "website": "https://copingskills.example.org", "countries": ["GB"],
        "cost": Cost.PAID, "starts_in_days": -200, "topics": [Topic.STRESS],
    },
    {
        "name": "The Kindness Reading List (demo)",
        "description": "Gentle, practical reading about low mood, grief and self-compassion, chosen by members.",
        "kind": Kind.READING, "website": "https://readinglist.example.org", "countries": [ANYWHERE],
        "is_24_7": True, "topics": [Topic.DEPRESSION, Topic.GRIEF], "languages": "en,fr",
    },
]  # fmt: skip


@transaction.atomic
def seed_resources() -> int:
    """Creates the demo entries that are missing (idempotent by name). Returns how many it made."""
    today = timezone.localdate()
    created = 0
    for entry in SERVICES:
        if Resource.objects.filter(name=entry["name"]).exists():
            continue
        starts = None
        if "starts_in_days" in entry:
            starts = timezone.now() + timedelta(days=entry["starts_in_days"])
        resource = Resource.objects.create(
            name=entry["name"],
            description=entry["description"],
            kind=entry["kind"],
            phone=entry.get("phone", ""),
            sms_number=entry.get("sms_number", ""),
            sms_keyword=entry.get("sms_keyword", ""),
            website=entry.get("website", ""),
            email=entry.get("email", ""),
            address=entry.get("address", ""),
            is_24_7=entry.get("is_24_7", False),
            time_zone=entry.get("time_zone", "UTC"),
            languages=entry.get("languages", "en"),
            cost=entry.get("cost", Cost.FREE),
            audience=entry.get("audience", ""),
            starts_at=starts,
            ends_at=starts + timedelta(days=28) if starts else None,
            status=Status.PUBLISHED,
            last_verified_on=today,
            next_review_due=today + timedelta(days=180),
            is_demo=True,
            internal_notes="Demo data.",
        )
        ResourceTopic.objects.bulk_create(ResourceTopic(resource=resource, topic=t) for t in entry["topics"])
        ResourceRegion.objects.bulk_create(
            ResourceRegion(resource=resource, country=c, area=entry.get("area", "")) for c in entry["countries"]
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(resource=resource, weekday=d, opens=o, closes=c) for d, o, c in entry.get("hours", [])
        )
        created += 1

    transaction.on_commit(refresh_help_snapshot)
    return created
