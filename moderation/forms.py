from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import Board, ContentWarning
from moderation import outcomes
from moderation.models import ItemStatus, Lane, ModerationVerb, ReportReason, SanctionKind


class AddContentWarningForm(forms.Form):
    warning = forms.ChoiceField(
        label=_("Content warning to add"),
        choices=ContentWarning.choices,
        error_messages={"invalid_choice": _("Please choose one of the content warnings.")},
    )
    reason = forms.CharField(
        label=_("Note for the log (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevealAuthorForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to know who wrote this?"),
        help_text=_("Required. Your reason is kept in the moderation log with your name."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say why you need to know who wrote this post. The reason is logged.")},
    )


def _section_from_choice(guideline, value: str):
    """The guideline section a "guideline-<number>" choice names (the form offered only real ones)."""
    number = int(value.removeprefix("guideline-"))
    return next(section for section in guideline.sections.all() if section.number == number)


def _section_choices(guideline):
    """Choices for the current guideline's numbered sections (none before any is published)."""
    if guideline is None:
        return []
    return [
        (f"guideline-{section.number}", f"{section.number}. {section.title}") for section in guideline.sections.all()
    ]


class ReportForm(forms.Form):
    """Reasons are the numbered guideline sections, then spam, worry, and anything else."""

    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason."), "invalid_choice": _("Please choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything a moderator should know?"),
        help_text=_("Required for “Something else”. The member you report never sees who reported them."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, guideline, **kwargs):
        super().__init__(*args, **kwargs)
        self.guideline = guideline
        self.fields["reason"].choices = [
            *_section_choices(guideline),
            (ReportReason.SPAM, ReportReason.SPAM.label),
            (ReportReason.WORRIED, ReportReason.WORRIED.label),
            (ReportReason.OTHER, ReportReason.OTHER.label),
        ]

    def clean(self):
        data = super().clean()
        chosen = data.get("reason", "")
        data["guideline_section"] = None
        if chosen.startswith("guideline-"):
            data["guideline_section"] = _section_from_choice(self.guideline, chosen)
            data["reason"] = ReportReason.GUIDELINE
        if data.get("reason") == ReportReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Please tell us a little about what is wrong, so a moderator can help."))
        return data


APPROVE_AND_TRUST = "approve-and-trust"


def decision_choices(state: str, *, can_trust: bool = False) -> list[tuple[str, str]]:
    """The decisions that make sense for a post in this state (moderation/outcomes.py), worded for
    what will happen to it. can_trust: a held, named post seen by a global moderator."""
    if state == outcomes.HELD:
        choices = [(ModerationVerb.APPROVE_POST, _("Approve: publish it now"))]
        if can_trust:
            choices.append(
                (
                    APPROVE_AND_TRUST,
                    _("Approve and trust this member: publish all their waiting posts, and hold none again"),
                )
            )
        return [*choices, (ModerationVerb.REJECT_POST, _("Don't publish it (the author is told which guideline)"))]
    if state == outcomes.AUTO_HIDDEN:
        return [
            (ModerationVerb.DISMISS, _("No guideline broken: show it again")),
            (ModerationVerb.HIDE_POST, _("Keep it hidden (the author is told which guideline)")),
        ]
    if state == outcomes.HIDDEN:
        return [
            (ModerationVerb.DISMISS, _("Restore it: show it again")),
            (ModerationVerb.HIDE_POST, _("Keep it hidden (the author is told which guideline)")),
        ]
    if state == outcomes.MEMBER:
        return [(ModerationVerb.DISMISS, _("No action needed: close the item"))]
    return [
        (ModerationVerb.DISMISS, _("No guideline broken: leave it up")),
        (ModerationVerb.HIDE_POST, _("Hide the post (the author is told which guideline)")),
    ]


class ResolveItemForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what to do."), "invalid_choice": _("Please choose what to do.")},
    )
    guideline = forms.ChoiceField(label=_("Guideline"), required=False)
    note = forms.CharField(
        label=_("Note for the log (optional)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Removal feedback: after hiding, the moderator writes a personal note into the member's conversation.
    write_note = forms.BooleanField(
        label=_("Then write a personal note to the author (with the link to ask for a second look)"), required=False
    )
    # Asked only while a check-in the member asked for is still to be made.
    without_check_in = forms.BooleanField(
        label=_("Settle it without a check-in"),
        help_text=_("The member asked a moderator to check in with them, and nobody has yet. This is logged."),
        required=False,
    )

    def __init__(
        self, *args, guideline, state="visible", can_trust=False, choices=None, offers_note=False,
        asks_about_check_in=False, **kwargs,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.guideline = guideline
        self.fields["action"].choices = choices or decision_choices(state, can_trust=can_trust)
        self.fields["guideline"].choices = [
            ("", _("Choose a guideline")),
            *_section_choices(guideline),
        ]
        if not offers_note:
            del self.fields["write_note"]
        if not asks_about_check_in:
            del self.fields["without_check_in"]

    def clean(self):
        data = super().clean()
        data["guideline_section"] = None
        data["trust"] = data.get("action") == APPROVE_AND_TRUST
        if data["trust"]:
            data["action"] = ModerationVerb.APPROVE_POST
        if data.get("guideline"):
            data["guideline_section"] = _section_from_choice(self.guideline, data["guideline"])
        needs_guideline = data.get("action") in (ModerationVerb.HIDE_POST, ModerationVerb.REJECT_POST)
        if needs_guideline and data["guideline_section"] is None:
            self.add_error("guideline", _("Please say which guideline the post breaks: the author is told."))
        return data


class SettleTogetherForm(ResolveItemForm):
    """One decision for several items, chosen on the queue and confirmed on one page."""

    def __init__(self, *args, guideline, **kwargs):
        super().__init__(
            *args,
            guideline=guideline,
            choices=[
                (ModerationVerb.APPROVE_POST, _("Approve: publish the held posts (any others stay or come back up)")),
                (
                    ModerationVerb.HIDE_POST,
                    _("Hide them, held posts unpublished (each author is told which guideline)"),
                ),
                (
                    ModerationVerb.DISMISS,
                    _("No guideline broken: leave them up (hidden ones come back, held ones are published)"),
                ),
            ],
            **kwargs,
        )


class QueueFilterForm(forms.Form):
    lane = forms.ChoiceField(label=_("Lane"), required=False, choices=[("", _("All lanes")), *Lane.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ItemStatus.choices)
    board = forms.ChoiceField(label=_("Board"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("Any reason")), *ReportReason.choices]
    )
    mine = forms.BooleanField(label=_("Only items I claimed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].choices = [("", _("All boards")), *Board.objects.values_list("slug", "name")]


DURATION_CHOICES = [("24h", _("24 hours")), ("72h", _("72 hours")), ("7d", _("7 days")), ("30d", _("30 days"))]
DURATIONS = dict(
    zip(
        [key for key, _label in DURATION_CHOICES],
        [timedelta(hours=24), timedelta(hours=72), timedelta(days=7), timedelta(days=30)],
        strict=True,
    )
)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to do"), choices=SanctionKind.choices, widget=forms.RadioSelect)
    guideline = forms.ChoiceField(label=_("Guideline"))
    duration = forms.ChoiceField(label=_("For a suspension: how long"), choices=DURATION_CHOICES, required=False)
    message = forms.CharField(
        label=_("A few words for the member (optional)"),
        help_text=_("They see this with the guideline, kindly worded, and how to come back."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    write_note = forms.BooleanField(
        label=_("Then write a personal note to the member (with the link to ask for a second look)"), required=False
    )

    def __init__(self, *args, guideline, suggested: timedelta, **kwargs):
        super().__init__(*args, **kwargs)
        self.guideline = guideline
        self.fields["guideline"].choices = [
            ("", _("Choose a guideline")),
            *_section_choices(guideline),
        ]
        self.fields["duration"].initial = next(key for key, value in DURATIONS.items() if value == suggested)
        self.fields["duration"].help_text = _("Suggested from their history: %(label)s.") % {
            "label": dict(DURATION_CHOICES)[self.fields["duration"].initial]
        }

    def clean(self):
        data = super().clean()
        data["guideline_section"] = None
        if data.get("guideline"):
            data["guideline_section"] = _section_from_choice(self.guideline, data["guideline"])
        data["duration_delta"] = DURATIONS.get(data.get("duration") or "")
        return data


class MemberNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note for moderators"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("The note is empty.")},
    )  # fmt: skip


class MoveThreadForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Move the thread to"), queryset=None, empty_label=_("Choose a board"))

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.exclude(pk=current.pk)


class ModeratorEditForm(forms.Form):
    body = forms.CharField(label=_("Post text"), widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(
        label=_("Why are you editing? (the author is told)"),
        max_length=300,
        error_messages={"required": _("Please say why you are editing: the author is told.")},
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should we look again?"),
        help_text=_("In your own words. Another moderator, not the one who decided, will read it."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please tell us, in your own words, why we should look again.")},
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("uphold", _("The decision stands")), ("overturn", _("Reverse the decision"))],
        error_messages={"required": _("Please choose a decision.")},
    )
    note = forms.CharField(
        label=_("A few words for the member (optional)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
