from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moderation.matching import UnsafePattern, compile_watched


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
    CLAIM = "claim", _("Claimed a queue item")
    RELEASE = "release", _("Released a queue item")
    DISMISS = "dismiss", _("Dismissed: no guideline broken")
    HIDE_POST = "hide-post", _("Hid a post")
    RESTORE_POST = "restore-post", _("Restored a post")
    NOTE_ON_MEMBER = "note-on-member", _("Wrote a private note on a member")
    APPROVE_POST = "approve-post", _("Approved a held post")
    LOCK_THREAD = "lock-thread", _("Locked a thread")
    UNLOCK_THREAD = "unlock-thread", _("Unlocked a thread")
    PIN_THREAD = "pin-thread", _("Pinned a thread")
    UNPIN_THREAD = "unpin-thread", _("Unpinned a thread")
    MOVE_THREAD = "move-thread", _("Moved a thread to another board")
    EDIT_POST = "edit-post", _("Edited a post (the original is kept in its history)")
    WARN = "warn", _("Warned a member")
    SUSPEND = "suspend", _("Suspended a member")
    BAN = "ban", _("Banned a member")
    LIFT = "lift", _("Lifted a suspension or ban")
    UPHOLD_APPEAL = "uphold-appeal", _("Upheld a decision on appeal")
    OVERTURN_APPEAL = "overturn-appeal", _("Overturned a decision on appeal")
    AUTO_HIDE = "auto-hide", _("Hid a post automatically after reports, until a moderator decides")
    REJECT_POST = "reject-post", _("Did not approve a held post")
    TRUST_MEMBER = "trust-member", _("Trusted a new member: their posts no longer wait for approval")
    CHECK_IN = "check-in", _("Checked in with a member")
    CHECK_IN_AUTOMATIC = "check-in-automatic", _("Sent the automatic out-of-hours check-in message")
    CHECK_IN_ANSWERED = "check-in-answered", _("The member answered a check-in")
    CHECK_IN_UNANSWERED = "check-in-unanswered", _("A check-in had no answer in 48 hours")
    TEAM_MESSAGE = "team-message", _("Wrote to a member as the moderator team")
    CONVERSATION_CLOSE = "conversation-close", _("Closed a team conversation")


class Lane(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    REPORTS = "reports", _("Reports")
    HELD = "held", _("Held posts")


# A claim shows others who is on an item; after this long idle it lapses and anyone may take it.
CLAIM_EXPIRES_AFTER = timedelta(minutes=30)


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


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


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
    # Sum of report weights (see moderation.services.REPORT_WEIGHTS).
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


class ModerationAction(models.Model):
    """The audit log: one row per moderator action, written in the action's own transaction.
    Append-only (no service updates or deletes a row; the admin is read-only)."""

    # None for what the site did by itself (an automatic hide after reports).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=40, choices=ModerationVerb.choices)
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey("QueueItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    reason = models.TextField(blank=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["post", "-created_at"], name="moderation_action_post")]

    def __str__(self):
        return f"{self.get_verb_display()} by {self.actor_id}"


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


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension")
    BAN = "ban", _("Ban")


class SanctionQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Suspensions and bans that stop a member posting right now: not lifted, not ended."""
        from django.utils import timezone

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


# Decisions a member may ask another moderator to look at again, once each.
APPEALABLE_VERBS = ("hide-post", "reject-post", "warn", "suspend", "ban")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("The decision stands")
    OVERTURNED = "overturned", _("The decision was reversed")


class Appeal(models.Model):
    """A member's request to look again at one decision. One per decision (a unique constraint);
    decided by a moderator other than the one who acted."""

    action = models.OneToOneField(ModerationAction, on_delete=models.PROTECT, related_name="appeal")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(max_length=2000)
    status = models.CharField(max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Appeal of action {self.action_id} ({self.status})"


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
