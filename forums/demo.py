"""Demo content for a developer's machine: boards, guidelines, demo accounts and a few
conversations (written through the real services, so they also ring demo_member's bell)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import MODERATORS_GROUP, User
from forums.models import Board, ReactionKind, Thread
from forums.services.posts import create_reply
from forums.services.reactions import toggle_reaction
from forums.services.threads import create_thread
from moderation.guideline_text import seed_first_guidelines
from moderation.models import Guideline, GuidelineSection
from resources.demo import seed_resources
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
    ("demo_willow", False, False, False),
]

# board slug, author, title, opening post, [(replier, reply, anonymous)]
CONVERSATIONS = [
    (
        "anxiety",
        "demo_member",
        "Trying the 4-7-8 breathing before work",
        "My chest gets tight on the bus every morning. Has anyone tried **4-7-8 breathing**? Does it help you?",
        [
            (
                "demo_willow",
                "Yes! I count on my fingers so my mind has something to hold on to. Be gentle with "
                "yourself if it doesn't work the first few times.",
                False,
            ),
            ("demo_moderator", "Thank you for sharing this, @demo_member. Lots of us know that bus feeling.", False),
        ],
    ),
    (
        "grief-loss",
        "demo_willow",
        "First winter without her",
        "My mum died in March. Everyone says the firsts are the hardest. I'm dreading the holidays.",
        [("demo_member", "The first winter was the longest for me too. I'm here if you want to talk.", True)],
    ),
    (
        "introductions",
        "demo_member",
        "Hello from a night owl",
        "I found this place at 3am. Just saying hello. I'm not sure what I want to say yet, and that's okay.",
        [],
    ),
]


@transaction.atomic
def seed_demo(*, conversations: bool = True) -> list[User]:
    """Creates what is missing and leaves the rest alone, so running it twice changes nothing.
    conversations=False leaves the forum empty (seed_scale writes its own threads)."""
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
    seed_resources()
    if conversations:
        _seed_conversations()
    return accounts


def _seed_conversations() -> None:
    """Only on a forum with no threads yet, so a second run (or real use) is left alone."""
    if Thread.objects.exists():
        return
    # Settled members: the flood limits for brand-new accounts would (rightly) refuse this pace.
    User.objects.filter(username__startswith="demo_").update(date_joined=timezone.now() - timedelta(days=60))
    members = {user.username: user for user in User.objects.filter(username__startswith="demo_")}
    for slug, author, title, body, replies in CONVERSATIONS:
        board = Board.objects.get(slug=slug)
        thread = create_thread(acting_user=members[author], board=board, title=title, body=body).thread
        for replier, reply, anonymous in replies:
            create_reply(thread, acting_user=members[replier], body=reply, is_anonymous=anonymous)
    first_post = Thread.objects.get(title=CONVERSATIONS[0][2]).posts.get(position=1)
    toggle_reaction(first_post, acting_user=members["demo_willow"], kind=ReactionKind.ME_TOO)
    toggle_reaction(first_post, acting_user=members["demo_moderator"], kind=ReactionKind.SUPPORT)
