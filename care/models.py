"""Care that stays private: a member's "look in on this thread later" reminders, and what keeps
volunteer moderators well on a shift (shift marks, topic opt-outs, debrief notes)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderDelay(models.TextChoices):
    DAY = "day", _("In a day")
    THREE_DAYS = "three-days", _("In three days")
    WEEK = "week", _("In a week")


REMINDER_DELAYS = {
    ReminderDelay.DAY: timedelta(days=1),
    ReminderDelay.THREE_DAYS: timedelta(days=3),
    ReminderDelay.WEEK: timedelta(days=7),
}


class ReminderStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SENT = "sent", _("Sent")
    # The member can no longer see the thread (hidden, moved to a board they cannot read): nothing
    # is sent, and nothing tells them why, since that would tell them about the thread.
    DROPPED = "dropped", _("Dropped")


class LookInReminderQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ReminderStatus.WAITING)

    def due(self, now):
        return self.waiting().filter(due_at__lte=now)


class LookInReminder(models.Model):
    """A member's private note to themselves: "look in on this thread later". Nobody else ever sees
    it, not the thread's author nor moderators. One waiting reminder per member and thread (a
    conditional unique constraint): setting another moves the waiting one."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="look_in_reminders")
    thread = models.ForeignKey("forums.Thread", on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the reminder was sent or dropped: the state column that makes the sweep run once.
    settled_at = models.DateTimeField(null=True, blank=True)

    objects = LookInReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"], condition=Q(status="waiting"), name="one_waiting_reminder_per_thread"
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_due")]

    def __str__(self):
        return f"Reminder {self.pk} ({self.status})"


class ShiftMarkKind(models.TextChoices):
    STARTED = "started", _("Started a shift")
    ENDED = "ended", _("Ended a shift")
    BREAK = "break", _("Took a break")
    OPENED_URGENT = "opened-urgent", _("Opened an urgent item")
    REVEALED = "revealed", _("Showed distressing content")


class ShiftMark(models.Model):
    """What a moderator's shift is made of, besides their logged decisions: starting and ending it,
    breaks, and what they were exposed to (urgent items opened, distressing content shown). Private
    to the moderator: it feeds their own shift view, never a league table."""

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_marks")
    kind = models.CharField(max_length=20, choices=ShiftMarkKind.choices)
    item = models.ForeignKey("moderation.QueueItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["moderator", "-created_at"], name="shift_mark_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.moderator_id})"


class TopicOptOut(models.Model):
    """ "No suicide or self-harm items for me this week": items on these topics leave the moderator's
    default queue and their alerts until ends_at, unless nobody else is on shift (then they are
    asked first)."""

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_opt_outs")
    # ContentWarning values ("suicide", "self-harm", ...); a crisis signal counts as suicide and self-harm.
    topics = models.JSONField(default=list)
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Ended early by the moderator ("I can take these again").
    ended_early_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["moderator", "ends_at"], name="opt_out_current")]

    def __str__(self):
        return f"Opt-out {self.pk} for {self.moderator_id}"


class DebriefSharing(models.TextChoices):
    PRIVATE = "private", _("Only me")
    ADMINS = "admins", _("Me and the admins")


class Debrief(models.Model):
    """A short note a moderator may write after settling an urgent item: how it went, what stayed
    with them. Private to them unless they share it with admins. One per moderator and item; "No
    thanks" is kept as a row without text, so the offer is not repeated."""

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debriefs")
    item = models.ForeignKey("moderation.QueueItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(blank=True, max_length=2000)
    sharing = models.CharField(max_length=10, choices=DebriefSharing.choices, default=DebriefSharing.PRIVATE)
    skipped = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["moderator", "item"], name="one_debrief_per_item"),
            models.CheckConstraint(condition=Q(skipped=True) | ~Q(text=""), name="debrief_has_text_unless_skipped"),
        ]

    def __str__(self):
        return f"Debrief {self.pk}"
