from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import ContentWarning, ContentWarningChoice
from forums.selectors.preferences import default_choice


class ContentWarningChoicesForm(forms.Form):
    """One radio group per content warning: show, collapse or hide."""

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        saved = dict(member.cw_preferences.values_list("warning", "choice"))
        for warning in ContentWarning:
            self.fields[warning.value] = forms.ChoiceField(
                label=warning.label,
                choices=ContentWarningChoice.choices,
                initial=saved.get(warning.value, default_choice(warning.value)),
                widget=forms.RadioSelect,
            )


class HiddenWordForm(forms.Form):
    word = forms.CharField(
        label=_("Add a word or phrase to hide"),
        help_text=_("Posts that contain it will be collapsed for you only. 2 to 60 characters."),
        max_length=60,
        min_length=2,
        error_messages={"min_length": _("A hidden word needs 2 to 60 characters.")},
    )


class DraftStorageForm(forms.Form):
    no_drafts = forms.BooleanField(
        label=_("Don't keep drafts on this device"),
        help_text=_(
            "Good for a shared or borrowed device. Your unsent words are then not saved in the browser on any "
            "device where you log in, and drafts already saved there are deleted. Logging out always deletes them."
        ),
        required=False,
    )
