from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Pages where a moderator or admin must have MFA switched on before they can enter.
PROTECTED_PREFIXES = ("/admin/", "/moderation/")


class RequireMFAForStaffMiddleware:
    """Staff, admins and moderators reach admin and moderation pages only with MFA switched on.
    Without it they are already plain members everywhere (User.is_moderator needs two-factor); this
    sends them to set it up instead of a bare "forbidden"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(PROTECTED_PREFIXES)
            and user.holds_moderation_role
            and not user.has_two_factor
        ):
            messages.info(
                request,
                _(
                    "Moderation and admin pages need two-factor authentication. Please set it up first: "
                    "it takes a minute with an authenticator app."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
