from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return True

    def clean_email(self, email):
        """Addresses of banned accounts cannot sign up again (said plainly, without detail)."""
        from moderation.models import BlockedEmail

        email = super().clean_email(email)
        if BlockedEmail.objects.filter(email=email.lower()).exists():
            raise ValidationError(_("This email address can't be used to join Safe Space."))
        return email
