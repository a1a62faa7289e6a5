from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Pages where a moderator or admin must have MFA switched on before they can enter.
PROTECTED_PREFIXES = ("/admin/", "/moderation/")


class RequireMFAForStaffMiddleware:
    """Staff, admins and moderators reach admin and moderation pages only with MFA switched on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # The path first: other pages never load the user here (some, like "Staying safe online",
        # must not touch the session or the database at all).
        if (
            request.path.startswith(PROTECTED_PREFIXES)
            and user is not None
            and user.is_authenticated
            and (user.is_moderator or user.moderated_board_ids)
            and not is_mfa_enabled(user)
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


class ClearSiteDataMiddleware:
    """Log out and account deletion answer with `Clear-Site-Data: "storage"`: the browser wipes
    everything the site kept there (drafts included), so the next person on a shared device finds
    nothing. static/js/site.js wipes the same on submit, for browsers that ignore the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "clears_site_data", False):
            response["Clear-Site-Data"] = '"storage"'
        return response


def mark_site_data_for_clearing(sender, request=None, **kwargs):
    """user_logged_out receiver: every way of logging out (the menu, account deletion, the admin)."""
    if request is not None:
        request.clears_site_data = True
