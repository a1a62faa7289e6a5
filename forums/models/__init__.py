from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resources.models import Topic

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25


class BoardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members-only boards are hidden from visitors who are not logged in."""
        if user.is_authenticated:
            return self
        return self.filter(members_only=False)


class Board(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Asks search engines not to index this board.")
    )
    members_only = models.BooleanField(default=False, help_text=_("Only logged-in members can read it."))
    first_post_approval = models.CharField(
        _("new members' first post"),
        max_length=10,
        blank=True,
        choices=[
            ("", _("As the site setting says")),
            ("hold", _("Hold for approval")),
            ("publish", _("Publish at once")),
        ],
        help_text=_("Whether a new member's first post here waits for a moderator's quick review."),
    )
    resource_topic = models.CharField(
        max_length=40,
        blank=True,
        choices=Topic.choices,
        help_text=_("Resources on this topic are shown beside the board."),
    )
    # Denormalised for the board list; updated with F() in the same transaction as each write.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forums:board-detail", kwargs={"slug": self.slug})


class ContentWarning(models.TextChoices):
    SELF_HARM = "self-harm", _("Self-harm")
    SUICIDE = "suicide", _("Suicide")
    EATING = "eating", _("Eating difficulties")
    SUBSTANCE_USE = "substance-use", _("Substance use")
    ABUSE = "abuse", _("Abuse")
    GRIEF = "grief", _("Grief & loss")
    MEDICAL = "medical", _("Medical detail")


# Readers who have not chosen otherwise see these collapsed behind "Show post (content warning: …)".
DEFAULT_COLLAPSED_WARNINGS = frozenset({ContentWarning.SELF_HARM, ContentWarning.SUICIDE})


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hidden threads (a moderator's decision, or an opening post waiting for approval) and
        threads on boards the viewer may not read are left out, except for the thread's own author,
        who keeps seeing what they wrote."""
        threads = self.filter(board__in=Board.objects.visible_to(user))
        if getattr(user, "is_moderator", False):
            return threads
        if user.is_authenticated:
            return threads.filter(Q(is_hidden=False) | Q(author=user))
        return threads.filter(is_hidden=False)


class Thread(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=150)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    # Copied from the opening post so lists can name the starter without loading it.
    is_anonymous = models.BooleanField(default=False, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["board", "-is_pinned", "-last_activity_at"], name="thread_board_order"),
            models.Index(fields=["author", "-last_activity_at"], name="thread_author_recent"),
            models.Index(fields=["created_at"], condition=Q(reply_count=0, is_hidden=False), name="thread_waiting"),
            # Search leaves out the posts of hidden threads by id (forums/selectors/search.py).
            models.Index(fields=["id"], condition=Q(is_hidden=True), name="thread_hidden"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:thread-detail", kwargs={"pk": self.pk})


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Posts a viewer may read. Hidden and held posts stay visible to their author (with an
        explanation) and to moderators; removed posts render as a removal notice for everyone."""
        if getattr(user, "is_moderator", False):
            return self
        public = Q(is_hidden=False, is_pending_approval=False)
        if user.is_authenticated:
            return self.filter(public | Q(author=user))
        return self.filter(public)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    # 1 for the opening post, then 2, 3, … in the order replies were written; never reused.
    position = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField(editable=False)
    # Plain text of body_html (moderation.sanitise.plain_text), written with it: search snippets read
    # this and never render Markdown while someone waits.
    body_text = models.TextField(blank=True, default="", editable=False)
    # The thread's title, on the opening post only (empty on replies), written by the services that
    # write titles: the post's one search document (search_document, a generated tsvector column on
    # PostgreSQL, migration 0013) is this title and body_text, so one GIN index finds both.
    search_title = models.CharField(max_length=150, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_anonymous = models.BooleanField(default=False)
    content_warnings = models.JSONField(default=list, blank=True)
    is_hidden = models.BooleanField(default=False)
    # Why, in words for the author (who still sees a hidden post): the guideline, or "after reports".
    hidden_reason = models.CharField(max_length=300, blank=True, editable=False)
    is_pending_approval = models.BooleanField(default=False)
    removed_by_author_at = models.DateTimeField(null=True, blank=True, editable=False)
    # From the composer form: the same form sent twice (a double click, a resent request) creates
    # one post, enforced by the database.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="unique_post_position"),
            models.UniqueConstraint(fields=["author", "submission_token"], name="one_post_per_submission"),
        ]
        indexes = [models.Index(fields=["author", "-created_at"], name="post_author_recent")]
        ordering = ["thread", "position"]

    def __str__(self):
        return f"{self.thread} #{self.position}"

    def get_absolute_url(self):
        return reverse("forums:post-permalink", kwargs={"pk": self.pk})

    @property
    def is_removed(self) -> bool:
        return self.removed_by_author_at is not None


class PostRevision(models.Model):
    """The text a post had before each edit; the author and moderators can read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class ReactionKind(models.TextChoices):
    SUPPORT = "support", _("Sending support")
    ME_TOO = "me-too", _("Me too")
    THANK_YOU = "thank-you", _("Thank you for sharing")
    HELPED = "helped", _("This helped")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=20, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member", "kind"], name="one_reaction_per_kind")]


class ThreadFollow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "member"], name="one_follow_per_thread")]


class ThreadReadState(models.Model):
    """The highest post position a member has seen in a thread, for "jump to first unread"."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "member"], name="one_read_state_per_thread")]


class MemberMute(models.Model):
    """A member's mute of another: their posts collapse for the muter, and they cannot mention
    or react to the muter."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "muted"], name="one_mute_per_pair"),
            models.CheckConstraint(condition=~Q(member=models.F("muted")), name="no_self_mute"),
        ]


class HiddenPost(models.Model):
    """A reader's "hide this post for me": it collapses for that reader only. Works the same whoever
    wrote the post, so it is how a member shields themself from an anonymous post without learning
    (or confirming) who wrote it, as a mute would."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_posts")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "post"], name="one_hide_per_post")]


class HiddenWord(models.Model):
    """A reader's own word: posts containing it collapse for that reader only."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_words")
    word = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "word"], name="one_hidden_word_per_member")]
        ordering = ["word"]


class ContentWarningChoice(models.TextChoices):
    SHOW = "show", _("Show")
    COLLAPSE = "collapse", _("Collapse behind a warning")
    HIDE = "hide", _("Hide")


class ContentWarningPreference(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cw_preferences")
    warning = models.CharField(max_length=20, choices=ContentWarning.choices)
    choice = models.CharField(max_length=10, choices=ContentWarningChoice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "warning"], name="one_choice_per_warning")]


class BoardFollow(models.Model):
    """A member who wants new threads of this board in their daily digest."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "member"], name="one_follow_per_board")]


from forums.models.notifications import (  # noqa: E402  (they refer to the models above)
    DEFAULT_EMAIL_CADENCE,
    MODERATOR_KINDS,
    EmailCadence,
    EmailDelivery,
    EmailDeliveryStatus,
    EmailPreference,
    EventKind,
    Notification,
    NotificationEvent,
    NotificationKind,
)

__all__ = [
    "Board",
    "BoardFollow",
    "ContentWarning",
    "ContentWarningChoice",
    "ContentWarningPreference",
    "EmailCadence",
    "EmailDelivery",
    "EmailDeliveryStatus",
    "DEFAULT_EMAIL_CADENCE",
    "MODERATOR_KINDS",
    "EmailPreference",
    "EventKind",
    "HiddenPost",
    "HiddenWord",
    "MemberMute",
    "Notification",
    "NotificationEvent",
    "NotificationKind",
    "Post",
    "PostRevision",
    "Reaction",
    "ReactionKind",
    "Thread",
    "ThreadFollow",
    "ThreadReadState",
    "POSTS_PER_PAGE",
    "THREADS_PER_PAGE",
]
