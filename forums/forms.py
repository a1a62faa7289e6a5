import uuid

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums.composer_session import owner_token_for
from forums.models import ContentWarning
from moderation.pipeline import BODY_MAX_LENGTH, TITLE_MAX_LENGTH

BODY_HELP = lazy(
    lambda: (
        gettext(
            "You can use Markdown: **bold**, _italics_, > quotes, - lists, and links. Up to %(max)s characters. "
            "Unless you turned drafts off in your reading settings, this browser keeps your draft until "
            "your post is up."
        )
        % {"max": f"{BODY_MAX_LENGTH:,}"}
    ),
    str,
)()
ANONYMOUS_HELP = _("Other members will see 'Anonymous member'. Moderators can still find out it is you if they must.")


class ComposerForm(forms.Form):
    """What every composer shares. Length rules live in the posting pipeline, so a too-long post is
    refused there with the same kind words everywhere; the widget limits only guide the browser."""

    body = forms.CharField(
        label=_("Your message"),
        help_text=BODY_HELP,
        strip=False,
        required=False,
        # No maxlength: the browser would cut a long paste silently. static/js/composer.js counts
        # instead, and the pipeline refuses an over-long post kindly with every word kept.
        widget=forms.Textarea(attrs={"rows": 8, "data-max-length": BODY_MAX_LENGTH, "data-composer": "body"}),
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Content warnings (optional)"),
        help_text=_("Readers can choose to collapse or hide posts with these topics."),
        choices=ContentWarning.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Who opened this composer (signed): a post that arrives after the session ended is kept for
    # that member only (forums/composer_session.py).
    composer_owner = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            if owner is not None:
                self.initial["composer_owner"] = owner_token_for(owner)


class ThreadForm(ComposerForm):
    # Counted, not cut, like the body; the pipeline explains the real limit kindly.
    title = forms.CharField(
        label=_("Title"), required=False, widget=forms.TextInput(attrs={"data-max-length": TITLE_MAX_LENGTH})
    )
    is_anonymous = forms.BooleanField(label=_("Post anonymously"), help_text=ANONYMOUS_HELP, required=False)
    field_order = ["title", "body", "content_warnings", "is_anonymous", "submission_token"]


class ReplyForm(ComposerForm):
    is_anonymous = forms.BooleanField(label=_("Reply anonymously"), help_text=ANONYMOUS_HELP, required=False)
    field_order = ["body", "content_warnings", "is_anonymous", "submission_token"]


class EditPostForm(ComposerForm):
    submission_token = None
