"""Kept at this path for the imports in moderation (services, outcomes, digest); new code imports
these names from forums.notifications.outbox."""

from forums.notifications.outbox import alert_moderators, notify_member

__all__ = ["alert_moderators", "notify_member"]
