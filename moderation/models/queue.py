"""The queue: one item per post or member to look at, and the reports that gather into it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models.decisions import ModerationVerb
from moderation.models.guidelines import GuidelineSection


class Lane(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    REPORTS = "reports", _("Reports")
    HELD = "held", _("Held posts")


# A claim shows others who is on an item; after this long idle it lapses and anyone may take it.
CLAIM_EXPIRES_AFTER = timedelta(minutes=30)


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class QueueItemQuerySet(models.QuerySet):
    def with_claim_state(self):
        """Annotates `claim_is_live`: a moderator holds the item and has not let it idle past
        CLAIM_EXPIRES_AFTER. The one place the claim rule is written; the queue, the item page,
        "hand over" and claiming itself all read it from here."""
        live = Q(claimed_by__isnull=False, claimed_at__gt=timezone.now() - CLAIM_EXPIRES_AFTER)
        return self.annotate(claim_is_live=models.ExpressionWrapper(live, output_field=models.BooleanField()))


class QueueItem(models.Model):
    """One thing for moderators to look at: a post or a member, with every open report on it.
    At most one unresolved item per target (a conditional unique constraint), so reports gather
    into it instead of opening new ones."""

    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    lane = models.CharField(max_length=10, choices=Lane.choices, default=Lane.REPORTS)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    # Sum of report weights (see moderation/services/reports.py, REPORT_WEIGHTS).
    score = models.DecimalField(max_digits=7, decimal_places=1, default=0)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=40, blank=True, choices=ModerationVerb.choices)
    # Why the posting pipeline queued it, in words for moderators ("crisis signal", "watched word: …").
    automatic_reasons = models.JSONField(default=list, blank=True)
    # The member asked, from the crisis panel, for a moderator to check in with them.
    check_in_requested = models.BooleanField(default=False)
    # The post was hidden by the report threshold, not by a person: a dismissal restores it.
    auto_hidden = models.BooleanField(default=False)

    objects = QueueItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, member__isnull=True) | Q(post__isnull=True, member__isnull=False),
                name="queue_item_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(status="open", post__isnull=False), name="one_open_item_per_post"
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="open", member__isnull=False), name="one_open_item_per_member"
            ),
        ]
        indexes = [models.Index(fields=["status", "lane", "-score", "created_at"], name="queue_order")]

    def __str__(self):
        return f"{self.get_lane_display()} item #{self.pk}"


class ReportReason(models.TextChoices):
    GUIDELINE = "guideline", _("It breaks a community guideline")
    SPAM = "spam", _("Spam")
    WORRIED = "worried", _("I'm worried about this person")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """A member's report. The reporter is never shown to the member reported."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_filed")
    item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    guideline_section = models.ForeignKey(
        GuidelineSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=1000)
    weight = models.DecimalField(max_digits=4, decimal_places=1, default=1)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set on "I'm worried about this person" only: who the worry is about (a post's author or the
    # member reported) and the day it was sent, so the database keeps it to one a day per person.
    worried_about = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    worried_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            # One open report per reporter per item: reporting again updates the note.
            models.UniqueConstraint(fields=["reporter", "item"], condition=Q(is_open=True), name="one_open_report"),
            # "I'm worried" once per reporter per person per day, whichever of their posts it came from.
            models.UniqueConstraint(
                fields=["reporter", "worried_about", "worried_on"],
                condition=Q(reason="worried"),
                name="one_worry_per_person_per_day",
            ),
        ]
        indexes = [models.Index(fields=["reporter", "-created_at"], name="report_recent_by_reporter")]

    def __str__(self):
        return f"{self.get_reason_display()} on item {self.item_id}"
