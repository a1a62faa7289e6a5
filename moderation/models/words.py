"""Watched words: what the posting pipeline looks for in every post, and what it then does."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from moderation.matching import UnsafePattern, compile_watched


class WatchedAction(models.TextChoices):
    BLOCK = "block", _("Block: refuse the post, kindly, keeping the text")
    HOLD = "hold", _("Hold for approval")
    FLAG = "flag", _("Publish, and flag to the queue")
    HINT = "hint", _("Gentle language hint (never blocks)")
    CRISIS = "crisis", _("Crisis signal: show help, open an urgent item")


class WatchedWord(models.Model):
    """A word, phrase or regular expression moderators watch for in every post, with what happens
    when it appears. Managed in the admin."""

    phrase = models.CharField(max_length=500)
    is_pattern = models.BooleanField(
        _("regular expression"),
        default=False,
        help_text=_(
            "Match `phrase` as an RE2 regular expression over the text in lower case, with plain "
            "apostrophes, quotes and dashes and single spaces. No lookarounds or backreferences; "
            "\\b and \\w cover ASCII letters, \\pL letters in any script."
        ),
    )
    action = models.CharField(max_length=10, choices=WatchedAction.choices)
    suggestion = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("For hints: the kinder words to suggest. For blocks: why, in a sentence."),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "phrase"]
        constraints = [models.UniqueConstraint(fields=["phrase", "action"], name="one_watched_word_per_action")]

    def __str__(self):
        return f"{self.phrase} ({self.get_action_display()})"

    def clean(self):
        try:
            compile_watched(self.phrase, is_pattern=self.is_pattern)
        except UnsafePattern as refusal:
            raise ValidationError(
                {"phrase": _("This can't be used as a watched word: %(reason)s") % {"reason": refusal}}
            ) from refusal
        if self.action == WatchedAction.HINT and not self.suggestion.strip():
            raise ValidationError({"suggestion": _("A hint needs the kinder words to suggest.")})
