from django.db import transaction
from django.utils import timezone

from accounts.models import GuidelineAgreement, User


def record_guideline_agreement(user: User, *, guideline) -> GuidelineAgreement:
    agreement, _created = GuidelineAgreement.objects.get_or_create(user=user, guideline=guideline)
    return agreement


def update_profile(user: User, *, bio: str) -> User:
    User.objects.filter(pk=user.pk).update(bio=bio)
    user.bio = bio
    return user


@transaction.atomic
def delete_account(user: User, *, acting_user: User, keep_posts: bool) -> None:
    """Erase everything that identifies the member. Ends all their sessions (every device), deletes
    email addresses, MFA secrets, and session records with their IP addresses.

    keep_posts=True keeps the account row as an empty shell ("Removed member") so that their posts
    keep an author; keep_posts=False removes their posts first (other members' replies stay)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    assert acting_user == user, "members delete their own account only"
    user = User.objects.select_for_update().get(pk=user.pk)
    for session in UserSession.objects.filter(user=user):
        session.end()
    UserSession.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()

    from forums.services import erase_member_posts  # forums owns what happens to posts

    erase_member_posts(user, remove=not keep_posts)
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
    from resources.models import MemberRegion

    MemberRegion.objects.filter(member=user).delete()
    from care.services import erase_member_care_data

    erase_member_care_data(user)

    user.username = f"removed-{user.pk}-{timezone.now():%Y%m%d%H%M%S}"
    user.email = ""
    user.bio = ""
    user.notifications_paused_until = None
    user.notifications_paused_until_return = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also invalidates any session we could not see
    user.removed_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user.guideline_agreements.all().delete()
