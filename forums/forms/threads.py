"""The composer for a new thread."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.forms.composer import ANONYMOUS_HELP, ComposerForm
from moderation.pipeline import TITLE_MAX_LENGTH
from safespace.text import single_line


class ThreadForm(ComposerForm):
    # Counted, not cut, like the body; the pipeline explains the real limit kindly.
    title = forms.CharField(
        label=_("Title"), required=False, widget=forms.TextInput(attrs={"data-max-length": TITLE_MAX_LENGTH})
    )
    is_anonymous = forms.BooleanField(label=_("Post anonymously"), help_text=ANONYMOUS_HELP, required=False)
    field_order = ["title", "body", "content_warnings", "is_anonymous", "submission_token"]

    def clean_title(self):
        return single_line(self.cleaned_data["title"])
