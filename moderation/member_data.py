"""What moderation holds about a member, handed to accounts (accounts/member_data.py): its part of
the data download, and the addresses of banned accounts, which may not sign up again."""

from moderation.models import BlockedEmail
from moderation.selectors import member_moderation_data_for_export


def email_is_blocked(email: str) -> bool:
    return BlockedEmail.objects.filter(email=email.lower()).exists()


HOOKS = {"export": member_moderation_data_for_export, "refuses_email": email_is_blocked}
