from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.models import GuidelineAgreement, User
from accounts.services import record_guideline_agreement


def _current_guidelines():
    """The guidelines members agree to at sign-up, reached through the agreement's own foreign key:
    they are moderation's, and accounts sits below it."""
    return GuidelineAgreement._meta.get_field("guideline").related_model.objects.current()


PSEUDONYM_HELP = _(
    "This is the only name other members will see. Please don't use your real name or anything that "
    "could identify you: pick something that feels like you but keeps you private."
)


def _agree_label():
    return format_html(
        _('I have read and agree to the <a href="{}">community guidelines</a>.'), reverse_lazy("guidelines")
    )


class SignupForm(AllauthSignupForm):
    agree_to_guidelines = forms.BooleanField(
        label=lazy(_agree_label, SafeString)(),
        required=True,
        error_messages={"required": _("Please read and agree to the community guidelines to join.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("Pseudonym")
        username.help_text = PSEUDONYM_HELP
        username.widget.attrs.pop("placeholder", None)
        self.fields["email"].help_text = _(
            "Only used to verify your account and to reach you if you ask us to. Never shown to anyone."
        )
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        # The agreement comes last, after the details it applies to.
        self.fields["agree_to_guidelines"] = self.fields.pop("agree_to_guidelines")

    def clean(self):
        cleaned = super().clean()
        if _current_guidelines() is None:
            raise forms.ValidationError(_("Sign-ups are paused while we publish our guidelines. Please try later."))
        return cleaned

    def save(self, request):
        user = super().save(request)
        record_guideline_agreement(user, guideline=_current_guidelines())
        return user


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Pseudonym or email")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me logged in on this device")
            self.fields["remember"].help_text = _("Leave this unticked on a shared or borrowed device.")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class _PasswordLabels:
    """allauth's password forms, in the words the rest of the site uses."""

    labels = {
        "oldpassword": _("Your current password"),
        "password1": _("New password"),
        "password2": _("New password, again"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].widget.attrs.pop("placeholder", None)


class ChangePasswordForm(_PasswordLabels, AllauthChangePasswordForm):
    pass


class ResetPasswordKeyForm(_PasswordLabels, AllauthResetPasswordKeyForm):
    pass


class SetPasswordForm(_PasswordLabels, AllauthSetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Password, again")}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["bio"]
        labels = {"bio": _("Short bio (optional)")}
        help_texts = {"bio": _("A line or two about you, shown on your profile. Up to 300 characters.")}
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}


class DeleteAccountForm(forms.Form):
    KEEP_POSTS = "keep"
    REMOVE_POSTS = "remove"
    posts = forms.ChoiceField(
        label=_("What should happen to your posts?"),
        choices=[
            (KEEP_POSTS, _("Keep my posts, shown as written by a removed member")),
            (REMOVE_POSTS, _("Remove my posts")),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password, to confirm it is you"), widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password doesn't match. Please try again."))
        return password
