"""The rows `seed_scale` writes: posts of real-looking Markdown (200-1,500 characters: paragraphs,
and now and then emphasis, a list, a quote or a link), made-up rare words for search, and a fast
insert (COPY on PostgreSQL, bulk_create elsewhere). For benchmarks only."""

import io
import json
import random

from django.db import connection

OPENINGS = [
    "I don't usually post, but today was hard.",
    "Has anyone else felt like this?",
    "I wanted to share something that helped me.",
    "It's been a rough week and I needed somewhere to say it.",
    "Small win today, and I wanted to tell someone.",
    "I'm not sure this is the right board, but here goes.",
    "Long time reader, first time writing anything.",
    "Checking in after a few quiet weeks.",
]
SENTENCES = [
    "My chest gets tight before meetings and I can't think straight.",
    "Since the funeral the evenings feel so long and quiet.",
    "Day {n} without a drink. Some moments are harder than others.",
    "I keep replaying conversations in my head at night.",
    "Walking in the morning has made a real difference for me.",
    "I started writing things down and it helps me sort my thoughts.",
    "My friends mean well but they don't really understand.",
    "I tried the breathing exercise from the other thread and it helped a little.",
    "The doctor suggested talking to someone, and I finally booked an appointment.",
    "Some days I feel fine and then a song on the radio undoes all of it.",
    "I feel tired all the time, even after sleeping for ten hours.",
    "Work has been relentless and I feel like I'm running on empty.",
    "My sister calls every Sunday, and those calls keep me going.",
    "I noticed I was holding my breath again while reading the news.",
    "The group on Thursdays is the only place I feel understood.",
    "I made it through the anniversary, which I was dreading for weeks.",
    "Cooking a proper meal felt like climbing a mountain, but I did it.",
    "I feel guilty for feeling better, as if I'm forgetting them.",
    "The cravings come in waves, and I'm learning to wait them out.",
    "When the panic starts I count five things I can see.",
    "My manager noticed I was struggling and was kinder than I expected.",
    "Nights are the worst: the house is so quiet I can hear my own thoughts.",
    "I went back to the allotment and planted {word} seeds for the spring.",
    "It helps to know other people feel this way too.",
    "I keep a list of small things that went well, even tiny ones.",
    "Some mornings getting out of bed is the whole achievement.",
    "I lost my dog in March and I still look for him by the door.",
    "Meditation apps never worked for me, but slow walks by the {word} do.",
    "My therapist says anxiety lies, and I'm trying to believe her.",
    "I feel like a burden when I ask for help, even though I know I'm not.",
]
REPLIES = [
    "Sending you support. You're not alone in this.",
    "Me too. Thank you for putting it into words.",
    "That sounds really hard. I'm glad you posted.",
    "What helped me was taking it one hour at a time.",
    "Proud of you for reaching out.",
    "I felt the same last year, and it did get easier, slowly.",
    "Have you been able to tell anyone close to you how you feel?",
    "Be gentle with yourself today. Rest counts as doing something.",
    "I read this twice. It means a lot that you shared it.",
]
LINKS = [
    ("the guide I mentioned", "https://www.nhs.uk/mental-health/"),
    ("this breathing exercise", "https://www.mind.org.uk/"),
    ("a page that helped me", "https://www.samaritans.org/"),
]
# Words of the trailing sentence: a few common ones, a long tail, and made-up words that are rare.
NOUNS = [
    "marigold",
    "heron",
    "willow",
    "lantern",
    "harbour",
    "meadow",
    "orchard",
    "cedar",
    "thistle",
    "sparrow",
    "kettle",
    "ferry",
    "chapel",
    "bramble",
    "lighthouse",
    "quarry",
    "pebble",
    "tulip",
    "saffron",
    "juniper",
    "badger",
    "otter",
    "wren",
    "puffin",
    "fjord",
    "glacier",
    "tandem",
    "ukulele",
    "accordion",
    "crochet",
    "pottery",
    "sourdough",
    "allotment",
    "canal",
    "estuary",
    "moorland",
    "hedgerow",
    "bluebell",
    "foxglove",
    "lavender",
    "rosemary",
    "chamomile",
    "porridge",
    "crumpet",
    "teapot",
    "blanket",
    "hammock",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tas",
    "vor",
    "qui",
    "del",
    "ban",
    "sel",
    "om",
    "rith",
    "zu",
    "pel",
    "cor",
    "ny",
    "ash",
    "bel",
    "tor",
    "wen",
]


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3))


def markdown_body(rng: random.Random, *, reply: bool) -> str:
    """One post of 200-1,500 characters: paragraphs, and now and then emphasis, a list, a quote or a link."""
    target = rng.randint(200, 1_500)
    parts = [rng.choice(REPLIES if reply else OPENINGS)]
    while sum(len(part) + 2 for part in parts) < target:
        roll = rng.random()
        sentences = " ".join(
            rng.choice(SENTENCES).format(n=rng.randint(2, 400), word=rng.choice(NOUNS))
            for _ in range(rng.randint(1, 4))
        )
        if roll < 0.12:
            parts.append("\n".join(f"- {rng.choice(SENTENCES).format(n=3, word='fern')}" for _ in range(3)))
        elif roll < 0.2:
            parts.append("> " + rng.choice(SENTENCES).format(n=12, word="canal"))
        elif roll < 0.3:
            label, url = rng.choice(LINKS)
            parts.append(f"{sentences} I found [{label}]({url}) useful.")
        elif roll < 0.45:
            words = sentences.split(" ")
            index = rng.randrange(len(words))
            words[index] = f"**{words[index]}**" if roll < 0.38 else f"_{words[index]}_"
            parts.append(" ".join(words))
        else:
            parts.append(sentences)
    body = "\n\n".join(parts)
    if len(body) > 1_500:
        body = body[:1_500].rsplit(" ", 1)[0].rstrip("*_[>(-") + "."
    return body


def _copy_text(value) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        value = json.dumps(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL (several times faster than INSERT), bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_copy_text(value) for value in row))
            buffer.write("\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", buffer)
        return
    model.objects.bulk_create((model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=500)
