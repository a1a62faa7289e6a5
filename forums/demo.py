"""Demo content for a developer's machine: boards, guidelines and three demo accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import MODERATORS_GROUP, User
from forums.models import Board
from moderation.guideline_text import seed_first_guidelines
from moderation.models import Guideline, GuidelineSection
from resources.models import Topic

DEMO_PASSWORD = "calm-harbour-demo"

BOARDS = [
    ("Anxiety", "anxiety", "Worry, panic, and the everyday weight of an anxious mind.", False, Topic.ANXIETY),
    (
        "Grief & loss",
        "grief-loss",
        "For anyone grieving a person, a pet, a relationship or a future.",
        True,
        Topic.GRIEF,
    ),
    (
        "Recovery",
        "recovery",
        "Recovery from alcohol, drugs, gambling and other addictions, one day at a time.",
        True,
        Topic.RECOVERY,
    ),
    ("Loneliness", "loneliness", "Feeling alone, even among people. You are welcome here.", False, Topic.LONELINESS),
    (
        "Stress & burnout",
        "stress-burnout",
        "Work, care, study and everything that wears you down.",
        False,
        Topic.STRESS,
    ),
    (
        "Share your story",
        "share-your-story",
        "Your journey, in your own words, when you are ready.",
        True,
        Topic.GENERAL,
    ),
    ("Introductions", "introductions", "New here? Say hello, as much or as little as you like.", False, Topic.GENERAL),
]

DEMO_ACCOUNTS = [
    # username, is_staff, is_superuser, in the Moderators group
    ("demo_member", False, False, False),
    ("demo_moderator", False, False, True),
    ("demo_admin", True, True, True),
]


@transaction.atomic
def seed_demo() -> list[User]:
    """Creates what is missing and leaves the rest alone, so running it twice changes nothing."""
    seed_first_guidelines(Guideline, GuidelineSection)
    for order, (name, slug, description, sensitive, topic) in enumerate(BOARDS):
        Board.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "order": order,
                "is_sensitive": sensitive,
                "resource_topic": topic,
            },
        )
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    accounts = []
    for username, is_staff, is_superuser, is_moderator in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.com", "is_staff": is_staff, "is_superuser": is_superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if is_moderator:
                user.groups.add(moderators)
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        accounts.append(user)
    from resources.demo import seed_resources

    seed_resources()
    return accounts
