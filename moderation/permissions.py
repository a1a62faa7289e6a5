"""Who may moderate. Moderation pages answer 403 to logged-in members who are not moderators and
send visitors to the login page; MFA is enforced before that by RequireMFAForStaffMiddleware."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def can_moderate(user) -> bool:
    return bool(getattr(user, "is_moderator", False))


def moderator_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded
