"""The composers for a reply and for an edit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.forms.composer import ANONYMOUS_HELP, ComposerForm


class ReplyForm(ComposerForm):
    is_anonymous = forms.BooleanField(label=_("Reply anonymously"), help_text=ANONYMOUS_HELP, required=False)
    field_order = ["body", "content_warnings", "is_anonymous", "submission_token"]


class EditPostForm(ComposerForm):
    submission_token = None
