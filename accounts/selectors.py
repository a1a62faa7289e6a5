from django.shortcuts import get_object_or_404

from accounts.models import User


def member_get_for_profile(*, username: str) -> User:
    """Active members only: a removed or deactivated account has no profile page (same 404)."""
    return get_object_or_404(User.objects.filter(is_active=True, removed_at__isnull=True), username=username)


def member_data_for_export(user: User) -> dict:
    """Everything Safe Space holds about the member, as plain JSON-ready data."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from forums.selectors import member_forum_data_for_export
    from moderation.selectors import member_moderation_data_for_export
    from resources.selectors import member_resource_data_for_export

    return {
        "profile": {
            "pseudonym": user.username,
            "bio": user.bio,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "guideline_agreements": [
            {"version": agreement.guideline.version, "agreed_at": agreement.agreed_at.isoformat()}
            for agreement in user.guideline_agreements.select_related("guideline")
        ],
        **member_forum_data_for_export(user),
        **member_resource_data_for_export(user),
        **member_moderation_data_for_export(user),
    }
