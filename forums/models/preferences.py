"""A reader's own settings: content-warning choices, muted members, hidden words, hidden posts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forums.models.posts import ContentWarning, Post

# Readers who have not chosen otherwise see these collapsed behind "Show post (content warning: …)".
DEFAULT_COLLAPSED_WARNINGS = frozenset({ContentWarning.SELF_HARM, ContentWarning.SUICIDE})


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
