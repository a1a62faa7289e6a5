from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import EmailCadence, NotificationKind
from forums.selectors.notifications import email_cadences_for, email_kinds_for

# The board digest is daily or nothing: there is no "right away" for a summary.
DIGEST_ONLY_KINDS = {NotificationKind.BOARD_DIGEST}


class EmailPreferencesForm(forms.Form):
    """One radio group per kind of notification: right away, in the daily digest, or not at all."""

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        current = email_cadences_for([member.pk])[member.pk]
        for kind in email_kinds_for(member):
            choices = EmailCadence.choices
            if kind in DIGEST_ONLY_KINDS:
                choices = [
                    (EmailCadence.DAILY, _("Include in my daily digest")),
                    (EmailCadence.OFF, _("Don't email me")),
                ]
            # Not required: a page opened before a kind existed (a tab left open across an update)
            # sends no answer for it, and that keeps the current choice instead of refusing the rest.
            self.fields[kind] = forms.ChoiceField(
                label=NotificationKind(kind).label,
                choices=choices,
                initial=current[kind],
                widget=forms.RadioSelect,
                required=False,
            )
        self._current = current

    def clean(self):
        data = super().clean()
        for kind in self.fields:
            if not data.get(kind) and kind not in self.errors:
                data[kind] = self._current[kind]
        return data


class TakeABreakForm(forms.Form):
    length = forms.ChoiceField(
        label=_("Pause notifications and emails for"),
        choices=[("day", _("A day")), ("week", _("A week")), ("return", _("Until I come back"))],
        initial="day",
        error_messages={"invalid_choice": _("Please choose how long your break should be.")},
    )
