"""Kept at this path for the imports in moderation (services, outcomes); new code imports these
names from forums.services."""

from forums.services.counters import forget_as_latest
from forums.services.posts import edit_post, publish_held_post

__all__ = ["edit_post", "forget_as_latest", "publish_held_post"]
