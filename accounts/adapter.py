from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from safespace.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return True

    def get_client_ip(self, request):
        """Rate limits count the member's own address, also behind our proxy (TRUSTED_PROXIES)."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address")
        return address

    def clean_email(self, email):
        """Addresses of banned accounts cannot sign up again (said plainly, without detail)."""
        from moderation.models import BlockedEmail

        email = super().clean_email(email)
        if BlockedEmail.objects.filter(email=email.lower()).exists():
            raise ValidationError(_("This email address can't be used to join Safe Space."))
        return email
