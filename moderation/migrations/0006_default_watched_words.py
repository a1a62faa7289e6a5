"""A starting list moderators can edit in the admin: phrases that may signal someone is at risk,
and stigmatising words with kinder alternatives. Nothing is blocked or held by default."""

from django.db import migrations

CRISIS_PHRASES = [
    r"\bkill(ing)? myself\b",
    r"\bend(ing)? (it all|my life)\b",
    r"\bwant(ed)? to die\b",
    r"\bdon'?t want to (be alive|live|wake up)\b",
    r"\bsuicid(e|al)\b.*\b(plan|tonight|note)\b",
    r"\bno (reason|point) (in )?(to )?(living|live|going on)\b",
    r"\b(better off|world would be better) without me\b",
    r"\bhurt(ing)? myself\b",
]

HINTS = [
    ("committed suicide", "“died by suicide” (“committed” sounds like a crime)"),
    ("crazy", "words for the feeling itself, like “overwhelmed”, “frightened” or “exhausted”"),
    ("psycho", "words for what the person did or how it felt, without a diagnosis as an insult"),
    ("junkie", "“person who uses drugs” or “person in recovery”"),
    ("addict", "“person with an addiction” or “person in recovery”"),
    ("attention seeking", "“reaching out” or “asking for support”"),
]


def seed(apps, schema_editor):
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    for pattern in CRISIS_PHRASES:
        WatchedWord.objects.get_or_create(phrase=pattern, action="crisis", defaults={"is_pattern": True})
    for phrase, suggestion in HINTS:
        WatchedWord.objects.get_or_create(phrase=phrase, action="hint", defaults={"suggestion": suggestion})


class Migration(migrations.Migration):
    dependencies = [("moderation", "0005_watched_words")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
