"""Kind reactions to a post (never a score)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forums.models.posts import Post


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
