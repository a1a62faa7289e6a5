"""Notifications: an outbox of events written with the post, the in-app notifications they fan out
to, and the emails they cause. Each layer is idempotent through a state column or a unique key, so
a retried or duplicated task never notifies anyone twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a member is told about; each kind has its own email preference."""

    REPLY = "reply", _("Replies in threads you follow")
    MENTION = "mention", _("Mentions of you")
    REACTION = "reaction", _("Reactions to your posts")
    MODERATION = "moderation", _("Moderation decisions about your posts or account")
    REPORT_OUTCOME = "report-outcome", _("The outcome of your reports")
    SUGGESTION_PUBLISHED = "suggestion-published", _("Your resource suggestions")
    LOOK_IN_REMINDER = "look-in-reminder", _("Reminders you set to look in on a thread")
    URGENT_ITEM = "urgent-item", _("Urgent items for moderators")
    HELD_POST = "held-post", _("Posts waiting for approval")
    APPEAL = "appeal", _("Appeals waiting for a moderator")
    MODERATION_SUMMARY = "moderation-summary", _("The nightly moderation summary")
    # Team conversations: what the moderator team writes to a member, and, for moderators (or, for a
    # concern about a moderator, admins), what members write to the team.
    TEAM_MESSAGE = "team-message", _("Messages from the moderator team")
    TEAM_REPLY = "team-reply", _("Replies to messages you sent the moderator team")
    TEAM_CONVERSATION = "team-conversation", _("Members' messages to the moderator team")
    # Email only: new threads in the boards a member follows, in the daily digest.
    BOARD_DIGEST = "board-digest", _("New threads in boards you follow")


MODERATOR_KINDS = frozenset(
    {
        NotificationKind.URGENT_ITEM,
        NotificationKind.HELD_POST,
        NotificationKind.APPEAL,
        NotificationKind.MODERATION_SUMMARY,
        NotificationKind.TEAM_CONVERSATION,
    }
)


# Reach a member on a break too: the team's replies to a conversation the member started (they asked).
BREAK_EXEMPT_KINDS = frozenset({NotificationKind.TEAM_REPLY})


class EmailCadence(models.TextChoices):
    IMMEDIATELY = "immediately", _("Email me right away")
    DAILY = "daily", _("Include in my daily digest")
    OFF = "off", _("Don't email me")


DEFAULT_EMAIL_CADENCE = {
    NotificationKind.REPLY: EmailCadence.IMMEDIATELY,
    NotificationKind.MENTION: EmailCadence.IMMEDIATELY,
    NotificationKind.REACTION: EmailCadence.DAILY,
    NotificationKind.MODERATION: EmailCadence.IMMEDIATELY,
    NotificationKind.REPORT_OUTCOME: EmailCadence.IMMEDIATELY,
    NotificationKind.SUGGESTION_PUBLISHED: EmailCadence.IMMEDIATELY,
    NotificationKind.LOOK_IN_REMINDER: EmailCadence.IMMEDIATELY,
    NotificationKind.URGENT_ITEM: EmailCadence.IMMEDIATELY,
    NotificationKind.HELD_POST: EmailCadence.DAILY,
    NotificationKind.APPEAL: EmailCadence.DAILY,
    NotificationKind.MODERATION_SUMMARY: EmailCadence.IMMEDIATELY,
    NotificationKind.TEAM_MESSAGE: EmailCadence.IMMEDIATELY,
    NotificationKind.TEAM_REPLY: EmailCadence.IMMEDIATELY,
    NotificationKind.TEAM_CONVERSATION: EmailCadence.IMMEDIATELY,
    # The board digest is opt-in: following a board alone sends no email.
    NotificationKind.BOARD_DIGEST: EmailCadence.OFF,
}


class EmailPreference(models.Model):
    """Stored only when a member changes a default (DEFAULT_EMAIL_CADENCE)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    cadence = models.CharField(max_length=20, choices=EmailCadence.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="one_email_preference_per_kind")]


class EventKind(models.TextChoices):
    POST_PUBLISHED = "post-published", _("A post was published")
    REACTION_ADDED = "reaction-added", _("A reaction was added")
    MEMBER_NOTICE = "member-notice", _("A notice for one member")
    MODERATOR_ALERT = "moderator-alert", _("An alert for moderators")


class NotificationEvent(models.Model):
    """The outbox: written in the same transaction as what happened, fanned out by a task.
    fanned_out_at is set in the fan-out's transaction, under a row lock, so it happens once."""

    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # For MEMBER_NOTICE: who is told, about what (a NotificationKind), in which words, and where to look.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    notification_kind = models.CharField(max_length=30, blank=True, choices=NotificationKind.choices)
    # Text, not a bounded string: the nightly summary's lines (check-ins, conversations, measures,
    # one per board) grow with the site, and a summary must never fail to be written.
    message = models.TextField(blank=True)
    # A moderation notice: its kind and parameters (moderation/notices.py renders them when read);
    # `message` keeps the words as they were written then.
    notice = models.CharField(max_length=40, blank=True)
    notice_params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], condition=Q(fanned_out_at__isnull=True), name="event_waiting"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Notification(models.Model):
    """What a member sees behind the bell. Reactions to one post gather into one unread
    notification ("3 members sent support") instead of one per click."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    event = models.ForeignKey(NotificationEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # None when the actor posted anonymously: the notification must not carry who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Reaction batches: who reacted (shown only to the post's author, who may see that anyway).
    actor_ids = models.JSONField(default=list, blank=True)
    actor_count = models.PositiveIntegerField(default=1)
    reaction_kinds = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # A moderation notice: rendered from its kind and parameters when read (moderation/notices.py),
    # in the reader's language. Rows without one (older rows, other notices) show `message`.
    notice = models.CharField(max_length=40, blank=True)
    notice_params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=500, blank=True)
    # Reactions batch under "reaction:<post id>" while unread; every other notification is its own group.
    group_key = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when an email (immediate or digest) carried this notification.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "group_key"], condition=Q(read_at__isnull=True), name="one_unread_per_group"
            ),
            models.UniqueConstraint(fields=["recipient", "event"], name="one_notification_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-updated_at"], name="notification_recent"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient_id}"


class EmailDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    # Committed before the hand-off to the mail server, with the Message-ID the email will carry.
    SENDING = "sending", _("Being handed to the mail server")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")
    # The mail server refused it for good (a bad address, a malformed header): never retried.
    FAILED = "failed", _("Could not be sent")


class EmailDelivery(models.Model):
    """One email to one member. key is unique per recipient ("notification:<id>", "digest:<date>"),
    so the same email can never be queued twice. status moves pending → sending (committed, with its
    Message-ID, before the mail server sees anything) → sent, skipped or failed, each under a lock."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices, blank=True)
    key = models.CharField(max_length=80)
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=EmailDeliveryStatus.choices, default=EmailDeliveryStatus.PENDING)
    # Why it was skipped or failed, in words for the admin ("nothing new", "recipient refused: ...").
    skip_reason = models.CharField(max_length=200, blank=True)
    # Chosen once, before the first hand-off; every retry sends the same Message-ID, so a mail
    # server or mail app that saw the first copy recognises the second as the same email.
    message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_email_per_key")]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(status=EmailDeliveryStatus.PENDING), name="email_waiting"),
            models.Index(
                fields=["sending_since"], condition=Q(status=EmailDeliveryStatus.SENDING), name="email_sending"
            ),
        ]
        verbose_name_plural = _("email deliveries")

    def __str__(self):
        return f"{self.key} to {self.recipient_id} ({self.status})"
