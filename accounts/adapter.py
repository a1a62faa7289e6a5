from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.member_data import email_refused
from safespace.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    # allauth's messages, in the site's words. With enumeration prevention on, none of them says
    # whether an account exists.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is closed, so it can't be used to log in."),
        "email_password_mismatch": _("That email and password don't match. Please check them and try again."),
        "username_password_mismatch": _(
            "That pseudonym (or email) and password don't match. Please check them and try again."
        ),
        "email_taken": _("This email address can't be used. If it's yours, you may already have an account here."),
        "enter_current_password": _("Please type your current password."),
        "incorrect_code": _("That code didn't work. Please check it and try again."),
        "incorrect_password": _("That password doesn't match. Please try again."),
        "invalid_or_expired_key": _("This link has expired or was already used."),
        "invalid_login": _("We couldn't log you in. Please check what you typed and try again."),
        "invalid_password_reset": _("This reset link has expired or was already used. You can ask for a new one."),
        "unknown_email": _("No account uses this email address."),
        "unverified_primary_email": _("Please confirm your email address first: open the link we emailed to you."),
        "username_blacklisted": _("That pseudonym isn't available. Please choose another."),
        "username_taken": _("That pseudonym is taken. Please choose another."),
        "same_as_current": _("That's the same as now. Please type a different one."),
        "rate_limited": _("That's a lot of requests in a short time. Please wait a minute, then try again."),
        # Said to whoever reaches the account's limit, the owner included: the way in that an
        # attacker guessing passwords cannot take.
        "too_many_login_attempts": gettext_lazy(
            "There have been too many tries to log in to this account, so passwords are paused for a "
            "while to keep it safe. You can still log in now: choose “Email me a code to log in” and we'll "
            "email you a code."
        ),
    }

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
        email = super().clean_email(email)
        if email_refused(email):
            raise ValidationError(_("This email address can't be used to join Safe Space."))
        return email
