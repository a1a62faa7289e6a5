from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuidelineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False).order_by("-version")

    def current(self):
        """The newest published version, or None before any is published."""
        return self.published().prefetch_related("sections").first()


class Guideline(models.Model):
    """One version of the community guidelines; members agree to a version at signup."""

    version = models.PositiveIntegerField(unique=True)
    introduction = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text=_("Leave empty to keep it a draft."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GuidelineQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return _("Community guidelines, version %(version)s") % {"version": self.version}


class GuidelineSection(models.Model):
    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    body = models.TextField()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["guideline", "number"], name="unique_section_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ModerationVerb(models.TextChoices):
    ADD_CONTENT_WARNING = "add-content-warning", _("Added a content warning")
    REVEAL_AUTHOR = "reveal-author", _("Revealed the author of an anonymous post")


class ModerationAction(models.Model):
    """The audit log: one row per moderator action, written in the action's own transaction.
    Append-only (no service updates or deletes a row; the admin is read-only)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=40, choices=ModerationVerb.choices)
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["post", "-created_at"], name="moderation_action_post")]

    def __str__(self):
        return f"{self.get_verb_display()} by {self.actor_id}"
