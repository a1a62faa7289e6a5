import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import MODERATORS_GROUP, User
from forums.models import Board, Thread
from forums.services import threads as thread_services

TEST_PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _two_factor(user, create, extracted):
    """Moderators and admins have two-factor switched on unless a test asks for one without
    (two_factor=False): without it they are plain members everywhere."""
    if create and extracted is not False:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}}
        )


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def two_factor(user, create, extracted, **kwargs):
        _two_factor(user, create, extracted)

    @factory.post_generation
    def moderators_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def two_factor(user, create, extracted, **kwargs):
        _two_factor(user, create, extracted)


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    description = "A place to talk."


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post, written as the service would (counters kept right)."""

    class Meta:
        model = "forums.Thread"
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def opening_post(thread, create, extracted, **kwargs):
        if not create:
            return
        from django.db.models import F

        from forums.models import Board, Post, Thread, ThreadFollow
        from moderation.sanitise import plain_text, render_member_markdown

        ThreadFollow.objects.create(thread=thread, member=thread.author)  # as create_thread does
        body = kwargs.get("body", f"Opening words of {thread.title}.")
        post = Post.objects.create(
            thread=thread,
            author=thread.author,
            position=1,
            body=body,
            body_html=render_member_markdown(body),
            body_text=plain_text(render_member_markdown(body)),
            search_title=thread.title,
            is_anonymous=thread.is_anonymous,
        )
        Thread.objects.filter(pk=thread.pk).update(last_post=post)
        Board.objects.filter(pk=thread.board_id).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post=post
        )
        thread.last_post = post


def reply_to(thread, *, author=None, body="A kind reply.", **fields):
    """Adds a reply directly (no flood checks), keeping the thread's counters right."""
    from django.db.models import F, Max

    from forums.models import Board, Post, Thread
    from moderation.sanitise import plain_text, render_member_markdown

    author = author or UserFactory()
    position = (thread.posts.aggregate(last=Max("position"))["last"] or 0) + 1
    post = Post.objects.create(
        thread=thread,
        author=author,
        position=position,
        body=body,
        body_html=render_member_markdown(body),
        body_text=plain_text(render_member_markdown(body)),
        **fields,
    )
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_post=post, last_activity_at=post.created_at
    )
    Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + 1, last_post=post)
    return post


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.Resource"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Helpline {n}")
    description = "Someone to talk to."
    kind = "crisis-line"
    phone = "+441234567890"
    status = "published"
    time_zone = "UTC"

    @factory.post_generation
    def countries(resource, create, extracted, **kwargs):
        from resources.models import ResourceRegion

        for country in extracted or []:
            ResourceRegion.objects.create(resource=resource, country=country)

    @factory.post_generation
    def topics(resource, create, extracted, **kwargs):
        from resources.models import ResourceTopic

        for topic in extracted or []:
            ResourceTopic.objects.create(resource=resource, topic=topic)

    @factory.post_generation
    def hours(resource, create, extracted, **kwargs):
        from resources.models import OpeningHours

        for weekday, opens, closes in extracted or []:
            OpeningHours.objects.create(resource=resource, weekday=weekday, opens=opens, closes=closes)


def create_thread(**kwargs) -> Thread:
    """Starts a thread through the real service (forums.services.threads.create_thread, which returns
    the opening post) and gives the thread, which is what most tests go on to work with."""
    return thread_services.create_thread(**kwargs).thread
