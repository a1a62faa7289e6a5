"""What every composer (a new thread, a reply, an edit) shares: the words, their warnings, the
token that makes a resent form create nothing twice, and the buttons' choices."""

import uuid
from functools import cached_property

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums.composer_session import owner_token_for
from forums.models import ContentWarning
from moderation.pipeline import BODY_MAX_LENGTH, NOTHING_ACKNOWLEDGED, Acknowledged

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


# The composer's buttons: post (also "Post anyway" and "Post as written"), post and ask a moderator
# to check in, preview, and show the crisis lines for another region.
POST = "post"
POST_CHECK_IN = "post-check-in"
PREVIEW = "preview"
CRISIS_REGION = "crisis-region"
ACTIONS = frozenset({POST, POST_CHECK_IN, PREVIEW, CRISIS_REGION})


class SentByTheComposer(forms.Widget):
    """A field whose inputs the composer's template writes itself (its buttons, the panel before
    posting): it reads them, and renders nothing of its own."""

    is_hidden = True

    def __init__(self, attrs=None, *, multiple=False):
        super().__init__(attrs)
        self.multiple = multiple

    def render(self, name, value, attrs=None, renderer=None):
        return ""

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False


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

    # Sent by the button pressed (templates/forums/partials/_composer.html) and by the panel shown
    # before posting (_before_posting.html), which write their own inputs: these fields only read.
    action = forms.CharField(widget=SentByTheComposer, required=False)
    acknowledged = forms.Field(widget=SentByTheComposer(multiple=True), required=False)

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
            if owner is not None:
                self.initial["composer_owner"] = owner_token_for(owner)

    def clean_action(self) -> str:
        # Any other value (an old page, a hand-made request) posts, as the main button does.
        action = self.cleaned_data["action"]
        return action if action in ACTIONS else POST

    def clean_acknowledged(self) -> frozenset[str]:
        return frozenset(str(panel) for panel in self.cleaned_data["acknowledged"] or ())

    @cached_property
    def action_chosen(self) -> str:
        """The button pressed; read even when other fields are invalid (a region choice keeps the
        words as they are, valid or not)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get("action", POST)

    @cached_property
    def acknowledged_panels(self) -> Acknowledged:
        """What the member saw and chose on the panel before posting."""
        if not self.is_bound:
            return NOTHING_ACKNOWLEDGED
        self.is_valid()
        return Acknowledged(
            panels=self.cleaned_data.get("acknowledged", frozenset()),
            check_in_requested=self.action_chosen == POST_CHECK_IN,
        )
