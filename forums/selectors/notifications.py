"""Kept at this path for the import in moderation.digest; new code imports this name from
forums.notifications.selectors."""

from forums.notifications.selectors import moderators_to_alert

__all__ = ["moderators_to_alert"]
