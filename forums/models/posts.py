"""Posts, their content warnings and the text they had before each edit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forums.models.threads import Thread

POSTS_PER_PAGE = 20


class ContentWarning(models.TextChoices):
    SELF_HARM = "self-harm", _("Self-harm")
    SUICIDE = "suicide", _("Suicide")
    EATING = "eating", _("Eating difficulties")
    SUBSTANCE_USE = "substance-use", _("Substance use")
    ABUSE = "abuse", _("Abuse")
    GRIEF = "grief", _("Grief & loss")
    MEDICAL = "medical", _("Medical detail")


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
    # PostgreSQL, migration 0017) is this title and body_text, so one GIN index finds both.
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

    def received_reactions(self) -> list:
        """The reactions fetched with a page of posts (into `reaction_list`), else read now."""
        fetched = getattr(self, "reaction_list", None)
        return fetched if fetched is not None else list(self.reactions.all())

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
