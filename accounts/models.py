from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MODERATORS_GROUP = "Moderators"


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

    def _load_moderation_roles(self) -> None:
        """Group membership, "moderates some board" and "has two-factor switched on" in one query,
        cached on this object."""
        from allauth.mfa.models import Authenticator

        in_group, has_boards, has_two_factor = (
            type(self)
            .objects.filter(pk=self.pk)
            .values_list(
                Exists(Group.objects.filter(user=OuterRef("pk"), name=MODERATORS_GROUP)),
                Exists(self.moderated_boards.model.objects.filter(member=OuterRef("pk"))),
                Exists(Authenticator.objects.filter(user=OuterRef("pk"))),
            )
            .get()
        )
        self._is_moderator = in_group
        self._moderates_boards = has_boards
        self._has_two_factor = has_two_factor

    def _roles(self) -> None:
        if not hasattr(self, "_has_two_factor"):
            self._load_moderation_roles()

    @property
    def holds_moderation_role(self) -> bool:
        """Staff, admin, global or board moderator, whether or not two-factor is on yet: who is asked
        to switch it on. Privilege itself (is_moderator, moderated_board_ids) needs two-factor."""
        if not self.is_authenticated or not self.is_active or not self.pk:
            return False
        if self.is_staff or self.is_superuser:
            return True
        self._roles()
        return self._is_moderator or self._moderates_boards

    @property
    def has_two_factor(self) -> bool:
        if not self.is_authenticated or not self.pk:
            return False
        self._roles()
        return self._has_two_factor

    @property
    def moderated_board_ids(self) -> frozenset[int]:
        """Boards this member moderates as a board moderator (cached per request object). Empty
        without two-factor: a password alone never opens anything a member could not see."""
        if not self.is_authenticated or not self.is_active or not self.pk:
            return frozenset()
        if not hasattr(self, "_moderated_board_ids"):
            self._roles()
            self._moderated_board_ids = (
                frozenset(self.moderated_boards.values_list("board_id", flat=True))
                if self._moderates_boards and self._has_two_factor
                else frozenset()
            )
        return self._moderated_board_ids

    @property
    def is_moderator(self) -> bool:
        """Staff, superusers and members of the Moderators group moderate everything, once two-factor
        is switched on; until then they see and may do only what a member may, on every page (a
        stolen password must not read hidden posts). Cached per request object."""
        if not self.is_authenticated or not self.is_active or not self.pk:
            return False
        self._roles()
        return self._has_two_factor and (self.is_staff or self.is_superuser or self._is_moderator)


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
