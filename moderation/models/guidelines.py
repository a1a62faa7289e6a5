"""The community guidelines, one version at a time, with numbered sections."""

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
