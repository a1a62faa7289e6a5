"""What forums holds about a member, handed to accounts (accounts/member_data.py) for the data
download, account deletion and the profile page."""

from forums.models import (
    BoardFollow,
    ContentWarningPreference,
    EmailDelivery,
    EmailPreference,
    HiddenPost,
    HiddenWord,
    MemberMute,
    Notification,
    NotificationEvent,
    ThreadFollow,
    ThreadReadState,
)
from forums.selectors import member_forum_data_for_export
from forums.selectors.preferences import is_muted_by
from forums.services import erase_member_posts


def erase_member_data(user, *, keep_posts: bool) -> None:
    """Inside the account deletion's transaction, before the pseudonym changes."""
    erase_member_posts(user, remove=not keep_posts)  # forums owns what happens to posts
    EmailDelivery.objects.filter(recipient=user).delete()
    Notification.objects.filter(recipient=user).delete()
    # Notices meant for them carry their words (thread titles, a moderator's message) in the outbox.
    NotificationEvent.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(member=user).delete()
    BoardFollow.objects.filter(member=user).delete()
    MemberMute.objects.filter(member=user).delete()
    MemberMute.objects.filter(muted=user).delete()
    HiddenWord.objects.filter(member=user).delete()
    HiddenPost.objects.filter(member=user).delete()
    ContentWarningPreference.objects.filter(member=user).delete()
    ThreadFollow.objects.filter(member=user).delete()
    ThreadReadState.objects.filter(member=user).delete()


def profile_context(viewer, member) -> dict:
    return {"is_muted": viewer.is_authenticated and member != viewer and is_muted_by(viewer, member)}


HOOKS = {"export": member_forum_data_for_export, "erase": erase_member_data, "profile_context": profile_context}
