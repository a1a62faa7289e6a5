from django import forms
from django.utils.translation import gettext_lazy as _

from conversations.models import CheckInAnswer, Topic

BODY_ERRORS = {"required": _("Your message is empty. Write as much or as little as you like, then send.")}


def _body_field(label, *, required=True, rows=6, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        # The pipeline refuses an over-long message kindly, keeping the words; no maxlength cuts a paste.
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=BODY_ERRORS,
        strip=False,
    )


class StartConversationForm(forms.Form):
    """ "Message the moderators". The other party is always the team: there is no recipient to pick."""

    topic = forms.ChoiceField(
        label=_("What is it about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what it is about."),
            "invalid_choice": _("Please choose what it is about."),
        },
    )
    body = _body_field(
        _("Your message"),
        help_text=_("Only the moderator team reads it. Members never see it."),
    )

    def __init__(self, *args, about_decision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (Topic.DECISION, _("A decision about my post or my account")),
            (Topic.GENERAL, _("Something else")),
            (Topic.CONCERN, _("A concern about a moderator (only the site's admins read it, not moderators)")),
        ]
        self.fields["topic"].choices = choices
        if about_decision:
            self.fields["topic"].initial = Topic.DECISION


class MemberReplyForm(forms.Form):
    body = _body_field(_("Your reply"), help_text=_("Only the moderator team reads it."), rows=4)


class CheckInAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=CheckInAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one of the answers."),
            "invalid_choice": _("Please choose one of the answers."),
        },
    )
    body = _body_field(_("Anything you'd like to add (optional)"), required=False, rows=3)


class TeamMessageForm(forms.Form):
    """A moderator's message, with the saved replies to start from. "Use this saved reply" fills the
    text box on the next page (no JavaScript needed), after anything already typed, and nothing is
    sent until "Send"."""

    saved_reply = forms.ChoiceField(label=_("Saved reply"), required=False)
    body = _body_field(
        _("Message, sent as “the moderator team”"),
        help_text=_("The member sees “The moderator team”; other moderators see that you wrote it."),
        rows=10,
    )

    def __init__(self, *args, saved_replies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_replies = {str(reply.pk): reply for reply in saved_replies}
        self.fields["saved_reply"].choices = [("", _("Choose a saved reply"))] + [
            (str(reply.pk), f"{reply.get_situation_display()}: {reply.title}") for reply in saved_replies
        ]

    def chosen_saved_reply(self):
        return self.saved_replies.get(self.data.get(self.add_prefix("saved_reply"), ""))


class AssignConversationForm(forms.Form):
    """ "Give it to": a named moderator on the team (an admin, for a concern)."""

    moderator = forms.ModelChoiceField(
        label=_("Give it to"),
        queryset=None,
        empty_label=_("Choose someone on the team"),
        error_messages={
            "required": _("Please choose who should have this conversation."),
            "invalid_choice": _("Please choose someone from the list: that person can't take it now."),
        },
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = team
        self.fields["moderator"].label_from_instance = lambda user: user.display_name


class ReportMessageForm(forms.Form):
    note = forms.CharField(
        label=_("What is wrong with this message? (optional)"),
        help_text=_("Only the site's admins read this, not the moderators."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


FOLLOW_UP_CHOICES = [
    ("better", _("A bit better")),
    ("same", _("About the same")),
    ("hard", _("Still finding it hard")),
]


class FollowUpForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How are you doing now?"),
        choices=FOLLOW_UP_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how you are, or let this go below."),
            "invalid_choice": _("Please choose how you are, or let this go below."),
        },
    )
    body = _body_field(_("Anything you'd like the moderators to know (optional)"), required=False, rows=3)

    def label_for(self, value: str) -> str:
        return str(dict(FOLLOW_UP_CHOICES)[value])
