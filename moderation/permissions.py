"""Who may moderate what. Global moderators (the Moderators group, staff) moderate everything;
board moderators only posts and threads on their boards, and not members' accounts or appeals.
Moderation pages answer 403 to logged-in members who moderate nothing and send visitors to the
login page; MFA is enforced before that by RequireMFAForStaffMiddleware."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_global_moderator(user) -> bool:
    return bool(getattr(user, "is_moderator", False))


def moderated_board_ids(user):
    """None for a global moderator (every board), else the ids of the boards they moderate."""
    if is_global_moderator(user):
        return None
    return getattr(user, "moderated_board_ids", frozenset())


def can_moderate(user) -> bool:
    """Any moderation at all: global moderators and board moderators."""
    return is_global_moderator(user) or bool(getattr(user, "moderated_board_ids", frozenset()))


def can_moderate_board(user, board_id) -> bool:
    scope = moderated_board_ids(user)
    return scope is None or board_id in scope


def moderator_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def global_moderator_required(view):
    """Members' accounts, sanctions and appeals: for global moderators only."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_global_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded
