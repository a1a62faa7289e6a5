from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.reading_context import MODERATORS_GROUP, reading_context  # noqa: F401  (the group name is read from here)


class User(AbstractUser):
    """A member, known only by a pseudonym (the username). There is deliberately no real-name field."""

    first_name = None
    last_name = None
    bio = models.CharField(_("short bio"), max_length=300, blank=True)
    # Set when the member deleted their account but chose to keep their posts: the row stays so the
    # posts keep an author, emptied of everything that could identify them.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # "Take a break": no emails and a quiet bell until then (or until the member comes back).
    notifications_paused_until = models.DateTimeField(null=True, blank=True, editable=False)
    notifications_paused_until_return = models.BooleanField(default=False, editable=False)
    # Off on shared or borrowed devices: the composer then writes nothing to the browser's storage.
    keeps_drafts_on_device = models.BooleanField(_("keep unsent drafts in the browser"), default=True)
    # Moves on whenever the member's roles or reading choices change: their cached reading context
    # (accounts/reading_context.py) is kept under this number, so an old copy is never read again.
    reading_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.display_name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def display_name(self) -> str:
        return str(_("Removed member")) if self.is_removed else self.username

    @property
    def notifications_paused(self) -> bool:
        if self.notifications_paused_until_return:
            return True
        return self.notifications_paused_until is not None and self.notifications_paused_until > timezone.now()

    def _roles(self) -> dict:
        """Group membership, "moderates some board", the boards and "has two-factor switched on",
        from the member's cached reading context (accounts/reading_context.py)."""
        return reading_context(self)["roles"]

    @property
    def holds_moderation_role(self) -> bool:
        """Staff, admin, global or board moderator, whether or not two-factor is on yet: who is asked
        to switch it on. Privilege itself (is_moderator, moderated_board_ids) needs two-factor."""
        if not self.is_authenticated or not self.is_active or not self.pk:
            return False
        if self.is_staff or self.is_superuser:
            return True
        roles = self._roles()
        return roles["in_group"] or roles["has_boards"]

    @property
    def has_two_factor(self) -> bool:
        if not self.is_authenticated or not self.pk:
            return False
        return self._roles()["has_two_factor"]

    @property
    def moderated_board_ids(self) -> frozenset[int]:
        """Boards this member moderates as a board moderator (cached per request object). Empty
        without two-factor: a password alone never opens anything a member could not see."""
        if not self.is_authenticated or not self.is_active or not self.pk:
            return frozenset()
        roles = self._roles()
        return roles["board_ids"] if roles["has_two_factor"] else frozenset()

    @property
    def is_moderator(self) -> bool:
        """Staff, superusers and members of the Moderators group moderate everything, once two-factor
        is switched on; until then they see and may do only what a member may, on every page (a
        stolen password must not read hidden posts). Cached per request object."""
        if not self.is_authenticated or not self.is_active or not self.pk:
            return False
        roles = self._roles()
        return roles["has_two_factor"] and (self.is_staff or self.is_superuser or roles["in_group"])


class GuidelineAgreement(models.Model):
    """Which version of the community guidelines a member agreed to, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guideline_agreements")
    guideline = models.ForeignKey("moderation.Guideline", on_delete=models.PROTECT, related_name="agreements")
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "guideline"], name="one_agreement_per_version")]
        ordering = ["-agreed_at"]

    def __str__(self):
        return f"{self.user} agreed to v{self.guideline.version}"
