"""The first published version of the community guidelines. Seeded by a data migration so that
every installation (production included) can take sign-ups from its first start."""

from django.db import transaction
from django.utils import timezone

INTRODUCTION = (
    "Safe Space is a peer-support community: people helping each other through anxiety, grief, "
    "recovery and other hard times. These guidelines keep it kind and safe. Moderators are volunteers "
    "who apply them with care, and they will always tell you which guideline a decision was about."
)

SECTIONS = [
    (
        "Be kind and respectful",
        "Treat everyone here as you would want to be treated on your hardest day. No insults, harassment, "
        "threats, or hateful remarks about anyone's identity, background, beliefs or circumstances.",
    ),
    (
        "Support without judgement",
        "People share things here they may never have said out loud. Listen, encourage, and share your own "
        "experience. Do not shame, lecture, or tell anyone how they should feel.",
    ),
    (
        "Keep each other safe: no method detail about self-harm or suicide",
        "You can talk about self-harm and suicidal feelings here, and you will be met with care. Do not "
        "describe methods, amounts or places, and do not share images of injuries: these details can put "
        "others at risk. Use a content warning when you write about these topics. If you are in immediate "
        'danger, please use "Get help now" or call your local emergency number.',
    ),
    (
        "Share experience, not medical advice as fact",
        "Tell others what helped you, but do not present medical, medication or treatment advice as fact, "
        "and never encourage anyone to stop or change treatment without their doctor. Peer support is not "
        "a replacement for professional care.",
    ),
    (
        "Protect privacy, yours and others'",
        "Do not share anyone's real name, contact details, photos, location or other identifying details, "
        "including your own. Do not share what someone told you in private. Respect anonymous posts: never "
        "try to work out who wrote them.",
    ),
    (
        "No spam, advertising or recruiting",
        "No promotion of products, services, fundraising, or paid programmes, and no recruiting for studies "
        "or groups outside Safe Space. Moderators curate the resources directory; suggest a resource there.",
    ),
    (
        "Use content warnings and keep posts on topic",
        "Post in the board that fits, and add a content warning when you write about self-harm, suicide, "
        "eating difficulties, substance use, abuse, grief or medical detail, so readers can choose.",
    ),
]


def seed_first_guidelines(Guideline, GuidelineSection):
    """Creates version 1 if no guidelines exist. Safe to call more than once."""
    with transaction.atomic():
        if Guideline.objects.exists():
            return None
        guideline = Guideline.objects.create(version=1, introduction=INTRODUCTION, published_at=timezone.now())
        GuidelineSection.objects.bulk_create(
            GuidelineSection(guideline=guideline, number=number, title=title, body=body)
            for number, (title, body) in enumerate(SECTIONS, start=1)
        )
        return guideline
