from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.shortcuts import get_object_or_404

from accounts.member_data import exported_by_apps
from accounts.models import User


def member_get_for_profile(*, username: str) -> User:
    """Active members only: a removed or deactivated account has no profile page (same 404)."""
    return get_object_or_404(User.objects.filter(is_active=True, removed_at__isnull=True), username=username)


# What the data export holds, relation by relation: every field of another model that points at a
# member is either exported (with the key it appears under) or left out on purpose, with the reason.
# A test walks every relation to the user model and fails on one that is in neither list.
EXPORTED_RELATIONS = {
    "account.EmailAddress.user": "email_addresses",
    # The methods only: secrets and recovery codes would let anyone holding the file sign in.
    "mfa.Authenticator.user": "two_factor_methods",
    "usersessions.UserSession.user": "sign_in_sessions",
    "accounts.GuidelineAgreement.user": "guideline_agreements",
    "accounts.User.groups": "roles",
    "forums.Thread.author": "threads_started",
    "forums.Post.author": "posts",
    "forums.PostRevision.edited_by": "edit_history",
    "forums.Reaction.member": "reactions",
    "forums.ThreadFollow.member": "followed_threads",
    "forums.ThreadReadState.member": "reading_positions",
    "forums.MemberMute.member": "reading_settings",
    "forums.HiddenWord.member": "reading_settings",
    "forums.HiddenPost.member": "reading_settings",
    "forums.ContentWarningPreference.member": "reading_settings",
    "forums.BoardFollow.member": "followed_boards",
    "forums.EmailPreference.member": "notification_settings",
    "forums.Notification.recipient": "notifications",
    "forums.EmailDelivery.recipient": "emails",
    "moderation.Report.reporter": "reports_filed",
    "moderation.ModerationAction.member": "decisions_about_your_posts",
    "moderation.Sanction.member": "moderation_decisions_about_you",
    "moderation.Appeal.member": "appeals",
    "moderation.TrustedMember.member": "trusted_since",
    "moderation.BoardModerator.member": "roles",
    "moderation.ModeratorDigest.moderator": "moderation_summaries_received",
    "resources.Resource.suggested_by": "resource_suggestions",
    "resources.MemberRegion.member": "resource_region",
    "conversations.TeamConversation.member": "messages_with_the_moderators",
    "conversations.TeamMessage.author": "messages_with_the_moderators",
    "conversations.FollowUpPrompt.member": "how_are_you_prompts",
    "care.LookInReminder.member": "look_in_reminders",
    "care.ShiftMark.moderator": "moderator_shift_marks",
    "care.TopicOptOut.moderator": "moderator_topic_opt_outs",
    "care.Debrief.moderator": "moderator_debrief_notes",
}
LEFT_OUT_RELATIONS = {
    "accounts.User.user_permissions": "Never given to members; staff permissions are site configuration.",
    "admin.LogEntry.user": "An admin's work in the Django admin, naming other records; not data about them.",
    "forums.MemberMute.muted": "Who muted a member is never told to them: a mute is the muter's private choice.",
    "forums.Notification.actor": "Other members' notifications about what this member did: theirs, not this "
    "member's (and for anonymous posts it is empty anyway).",
    "forums.NotificationEvent.actor": "The outbox; what it delivered to this member is in notifications.",
    "forums.NotificationEvent.recipient": "The outbox; what it delivered to this member is in notifications.",
    "moderation.QueueItem.member": "Reports about a member stay with moderators, so reporters are never "
    "exposed; the decisions that followed are exported.",
    "moderation.QueueItem.claimed_by": "A moderator's work on other members' reports.",
    "moderation.QueueItem.resolved_by": "A moderator's work on other members' reports.",
    "moderation.Report.member": "Reports about a member stay with moderators, so reporters are never exposed.",
    "moderation.Report.worried_about": "Worries about a member stay with moderators, so who worried stays unknown.",
    "moderation.ModerationAction.actor": "A moderator's decisions about other members: theirs, not this member's.",
    "moderation.Sanction.created_by": "A moderator's decisions about other members.",
    "moderation.Sanction.lifted_by": "A moderator's decisions about other members.",
    "moderation.MemberNote.member": "Moderators' private notes, as the guidelines say; decisions are exported.",
    "moderation.MemberNote.author": "A moderator's notes about other members.",
    "moderation.Appeal.decided_by": "A moderator's decisions on other members' appeals.",
    "moderation.TrustedMember.trusted_by": "A moderator's decision to trust another member.",
    "resources.Resource.verified_by": "An admin's curation of the directory, not data about them.",
    "resources.ReviewReminder.admin": "An admin's review reminders for the directory.",
    "conversations.TeamConversation.assigned_to": "A moderator's work on other members' conversations.",
    "conversations.TeamConversation.closed_by": "A moderator's work on other members' conversations.",
}


def member_data_for_export(user: User) -> dict:
    """Everything Safe Space holds about the member, as plain JSON-ready data (see EXPORTED_RELATIONS)."""
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
        "sign_in_sessions": [
            {
                "ip_address": session.ip,
                "browser": session.user_agent,
                "signed_in": session.created_at.isoformat(),
                "last_seen": session.last_seen_at.isoformat(),
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "guideline_agreements": [
            {"version": agreement.guideline.version, "agreed_at": agreement.agreed_at.isoformat()}
            for agreement in user.guideline_agreements.select_related("guideline")
        ],
        # What forums, moderation and resources hold (accounts/member_data.py).
        **exported_by_apps(user),
    }
