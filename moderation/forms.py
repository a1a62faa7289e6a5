from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import ContentWarning


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
