"""The forum's tables, one module per noun; this file only hands their names on."""

from forums.models.boards import Board, BoardQuerySet
from forums.models.follows import BoardFollow, ThreadFollow
from forums.models.notifications import (
    BREAK_EXEMPT_KINDS,
    DEFAULT_EMAIL_CADENCE,
    MODERATOR_KINDS,
    EmailCadence,
    EmailDelivery,
    EmailDeliveryStatus,
    EmailPreference,
    EventKind,
    Notification,
    NotificationEvent,
    NotificationKind,
)
from forums.models.posts import POSTS_PER_PAGE, ContentWarning, Post, PostQuerySet, PostRevision
from forums.models.preferences import (
    DEFAULT_COLLAPSED_WARNINGS,
    ContentWarningChoice,
    ContentWarningPreference,
    HiddenPost,
    HiddenWord,
    MemberMute,
)
from forums.models.reactions import Reaction, ReactionKind
from forums.models.threads import THREADS_PER_PAGE, Thread, ThreadQuerySet, ThreadReadState

__all__ = [
    "DEFAULT_COLLAPSED_WARNINGS",
    "BREAK_EXEMPT_KINDS",
    "DEFAULT_EMAIL_CADENCE",
    "MODERATOR_KINDS",
    "POSTS_PER_PAGE",
    "THREADS_PER_PAGE",
    "Board",
    "BoardFollow",
    "BoardQuerySet",
    "ContentWarning",
    "ContentWarningChoice",
    "ContentWarningPreference",
    "EmailCadence",
    "EmailDelivery",
    "EmailDeliveryStatus",
    "EmailPreference",
    "EventKind",
    "HiddenPost",
    "HiddenWord",
    "MemberMute",
    "Notification",
    "NotificationEvent",
    "NotificationKind",
    "Post",
    "PostQuerySet",
    "PostRevision",
    "Reaction",
    "ReactionKind",
    "Thread",
    "ThreadFollow",
    "ThreadQuerySet",
    "ThreadReadState",
]
