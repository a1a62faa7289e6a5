"""Team conversations: a private line between the moderator team and one member, saved replies for
moderators, and the one gentle "How are you doing now?" prompt after a hard time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    GENERAL = "general", _("Something else")
    DECISION = "decision", _("A decision about a post or the account")
    CHECK_IN = "check-in", _("A check-in")
    FOLLOW_UP = "follow-up", _("How things are now")
    # Seen by admins only: never by the moderators it may be about.
    CONCERN = "concern", _("A concern about a moderator")


class ConversationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CheckInState(models.TextChoices):
    NONE = "", _("No check-in")
    WAITING = "waiting", _("Waiting for the member's answer")
    OKAY = "okay", _("The member is okay now")
    STRUGGLING = "struggling", _("The member is still struggling")
    UNANSWERED = "unanswered", _("No answer after 48 hours")


class TeamConversationQuerySet(models.QuerySet):
    def for_team(self):
        """What moderators see: everything but concerns about a moderator."""
        return self.exclude(topic=Topic.CONCERN)

    def for_admins(self):
        return self.filter(topic=Topic.CONCERN)


class TeamConversation(models.Model):
    """A private conversation between "the moderator team" and one member. Members never message
    each other: the only other party is the team. One open check-in conversation per queue item (a
    conditional unique constraint), so two moderators checking in at once write into the same one."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_conversations")
    topic = models.CharField(max_length=12, choices=Topic.choices, default=Topic.GENERAL)
    status = models.CharField(max_length=8, choices=ConversationStatus.choices, default=ConversationStatus.OPEN)
    # True when the member started it: a reply from the team then reaches them even on a break.
    started_by_member = models.BooleanField(default=False)
    # About an anonymous post: the team sees "Anonymous member", never the pseudonym (see README,
    # "Anonymous posts"); it is kept out of the member's moderation record.
    is_anonymous = models.BooleanField(default=False)
    item = models.ForeignKey("moderation.QueueItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey("forums.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.ForeignKey(
        "moderation.ModerationAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised when the member's words carry a crisis signal: first in the team's list.
    is_urgent = models.BooleanField(default=False)
    # The member has written since the team last did: the team's list shows it as waiting.
    waiting_for_team = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # Given to them by name ("Give it to"), not claimed: it stays theirs until they release it or it is
    # given on; only a claim lapses after 30 idle minutes.
    is_given = models.BooleanField(default=False)
    check_in_state = models.CharField(max_length=12, choices=CheckInState.choices, default="", blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a concern: the team message the member reported, if that is what it is about.
    reported_message = models.ForeignKey(
        "TeamMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TeamConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="open", item__isnull=False, topic="check-in"),
                name="one_open_check_in_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "topic", "-last_message_at"], name="conversation_lane"),
            models.Index(fields=["member", "-last_message_at"], name="conversation_member"),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} #{self.pk}"

    @property
    def team_label(self) -> str:
        """Who the team sees it is with: never the pseudonym behind an anonymous post."""
        return str(_("Anonymous member (the author of the post)")) if self.is_anonymous else self.member.display_name


class Author(models.TextChoices):
    MEMBER = "member", _("The member")
    TEAM = "team", _("The moderator team")
    AUTOMATIC = "automatic", _("Automatic message")


class CheckInAnswer(models.TextChoices):
    OKAY = "okay", _("I'm okay now")
    STRUGGLING = "struggling", _("I'm still struggling")


class TeamMessage(models.Model):
    """One message. `body` is what was typed; `body_html` is what the sanitiser made of it, at
    write time, the only thing ever marked safe. A team message keeps the moderator who wrote it
    (`author`), shown to other moderators only: the member reads "The moderator team"."""

    conversation = models.ForeignKey(TeamConversation, on_delete=models.CASCADE, related_name="messages")
    written_as = models.CharField(max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="team_messages"
    )
    body = models.TextField()
    body_html = models.TextField()
    # A decision this message is about (removal feedback): shown with its own appeal link.
    decision = models.ForeignKey(
        "moderation.ModerationAction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A check-in: the member's answer offers "I'm okay now" and "I'm still struggling".
    asks_how_they_are = models.BooleanField(default=False)
    # A member's answer to a check-in, if this message is one.
    check_in_answer = models.CharField(max_length=12, choices=CheckInAnswer.choices, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author", "written_as", "-created_at"], name="team_message_recent_by_author")]

    def __str__(self):
        return f"{self.get_written_as_display()} in conversation {self.conversation_id}"


class Situation(models.TextChoices):
    CHECK_IN = "check-in", _("Check-in")
    REMOVAL_FEEDBACK = "removal-feedback", _("Removal feedback")
    WELCOME = "welcome", _("Welcome")
    OUT_OF_HOURS = "out-of-hours", _("Out of hours (sent automatically)")


class SavedReply(models.Model):
    """Words a moderator can start from, per situation, edited in the admin. Placeholders are filled
    in for the member before the moderator edits and sends: see conversations.saved_replies."""

    situation = models.CharField(max_length=20, choices=Situation.choices)
    title = models.CharField(max_length=120)
    body = models.TextField(
        help_text=_(
            "Markdown. Placeholders: {crisis_lines} (the member's region's crisis lines), {staffed_hours}, "
            "{back_at} (when moderators are next on), {guideline} (the guideline of the decision, or the "
            "guidelines page), {appeal} (how to ask for a decision to be looked at again)."
        )
    )
    is_active = models.BooleanField(default=True)
    # The first active reply of a situation is the one offered first (and the one sent automatically).
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["situation", "order", "pk"]
        verbose_name_plural = _("saved replies")

    def __str__(self):
        return f"{self.get_situation_display()}: {self.title}"


class FollowUpPrompt(models.Model):
    """The one "How are you doing now?" a member gets after an urgent item or a check-in on their
    post: one per member and thread ever (a unique constraint), so it is never repeated, answered or
    dismissed."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_up_prompts")
    thread = models.ForeignKey("forums.Thread", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        TeamConversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="one_follow_up_per_thread")]

    def __str__(self):
        return f"Follow-up for {self.member_id} on thread {self.thread_id}"
