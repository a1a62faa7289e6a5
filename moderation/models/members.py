"""What moderators decide about members: trust, warnings, suspensions and bans, blocked addresses,
private notes, board moderators and their nightly summary."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models.guidelines import GuidelineSection


class TrustedMember(models.Model):
    """A new member a moderator trusted ("Approve and trust this member"): their posts are never
    held as a first post again. One row per member; the decision itself is in the log."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.member)


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension")
    BAN = "ban", _("Ban")


class SanctionQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Suspensions and bans that stop a member posting right now: not lifted, not ended."""
        at = at or timezone.now()
        return self.filter(kind__in=[SanctionKind.SUSPENSION, SanctionKind.BAN], lifted_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )


class Sanction(models.Model):
    """A warning, suspension or ban, with the guideline it cites. Suspended and banned members can
    read, report (at a lower daily cap) and appeal, but not post, react or suggest resources; a
    suspension ends by itself at ends_at."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=12, choices=SanctionKind.choices)
    guideline_section = models.ForeignKey(
        GuidelineSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by the periodic task once the member has been told their suspension is over.
    end_announced_at = models.DateTimeField(null=True, blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-created_at"], name="sanction_member_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.member_id}"


class BlockedEmail(models.Model):
    """Addresses of banned accounts: signing up again with them is refused."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.email


class MemberNote(models.Model):
    """A moderator's private note on a member: only moderators ever see it."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class ModeratorDigest(models.Model):
    """One nightly summary per moderator per day: the unique key makes a second run send nothing."""

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["moderator", "day"], name="one_digest_per_moderator_per_day")]


class BoardModerator(models.Model):
    """A member who moderates some boards only (global moderators are the Moderators group)."""

    board = models.ForeignKey("forums.Board", on_delete=models.CASCADE, related_name="board_moderators")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderated_boards")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "member"], name="one_board_moderator_row")]

    def __str__(self):
        return f"{self.member} moderates {self.board}"
