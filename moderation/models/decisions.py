"""Decisions: the moderators' audit log and the appeals members make about it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # Team conversations and check-ins (the conversations app).
    TEAM_MESSAGE = "team-message", _("Wrote to a member as the moderator team")
    CONVERSATION_CLOSE = "conversation-close", _("Closed a conversation with a member")
    CONVERSATION_ASSIGN = "conversation-assign", _("Gave a conversation with a member to a moderator")
    CHECK_IN = "check-in", _("Checked in with a member")
    CHECK_IN_AUTOMATIC = "check-in-automatic", _("Sent the automatic out-of-hours message after a check-in request")
    CHECK_IN_ANSWERED = "check-in-answered", _("A member answered a check-in")
    CHECK_IN_UNANSWERED = "check-in-unanswered", _("No answer to a check-in after 48 hours")


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
