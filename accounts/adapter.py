from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Said to whoever reaches the account's limit, the owner included: the way in that an
        # attacker guessing passwords cannot take.
        "too_many_login_attempts": gettext_lazy(
            "There have been too many tries to sign in to this account, so passwords are paused for a "
            "while to keep it safe. You can still sign in now: choose “Send me a sign-in code” and we'll "
            "email you a code."
        ),
    }

    def is_open_for_signup(self, request):
        return True

    def clean_email(self, email):
        """Addresses of banned accounts cannot sign up again (said plainly, without detail)."""
        from moderation.models import BlockedEmail

        email = super().clean_email(email)
        if BlockedEmail.objects.filter(email=email.lower()).exists():
            raise ValidationError(_("This email address can't be used to join Safe Space."))
        return email
