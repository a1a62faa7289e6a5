"""Boards: the rooms of the forum."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resources.models import Topic


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
