import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import ContentWarning
from moderation.pipeline import BODY_MAX_LENGTH, TITLE_MAX_LENGTH
from safespace.text import single_line

BODY_HELP = _(
    "You can use Markdown: **bold**, _italics_, > quotes, - lists, and links. "
    "Your draft is kept in this browser until you post."
)
ANONYMOUS_HELP = _("Other members will see 'Anonymous member'. Moderators can still find out it is you if they must.")


class ComposerForm(forms.Form):
    """What every composer shares. Length rules live in the posting pipeline, so a too-long post is
    refused there with the same kind words everywhere; the widget limits only guide the browser."""

    body = forms.CharField(
        label=_("Your message"),
        help_text=BODY_HELP,
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX_LENGTH, "data-composer": "body"}),
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Content warnings (optional)"),
        help_text=_("Readers can choose to collapse or hide posts with these topics."),
        choices=ContentWarning.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


class ThreadForm(ComposerForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH + 50,  # the pipeline explains the real limit kindly
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    is_anonymous = forms.BooleanField(label=_("Post anonymously"), help_text=ANONYMOUS_HELP, required=False)
    field_order = ["title", "body", "content_warnings", "is_anonymous", "submission_token"]

    def clean_title(self):
        return single_line(self.cleaned_data["title"])


class ReplyForm(ComposerForm):
    is_anonymous = forms.BooleanField(label=_("Reply anonymously"), help_text=ANONYMOUS_HELP, required=False)
    field_order = ["body", "content_warnings", "is_anonymous", "submission_token"]


class EditPostForm(ComposerForm):
    submission_token = None
