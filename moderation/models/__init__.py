"""Moderation's models, one module per noun; this file only hands their names on."""

from moderation.models.decisions import (
    APPEALABLE_VERBS,
    Appeal,
    AppealStatus,
    ModerationAction,
    ModerationVerb,
)
from moderation.models.guidelines import Guideline, GuidelineQuerySet, GuidelineSection
from moderation.models.members import (
    BlockedEmail,
    BoardModerator,
    MemberNote,
    ModeratorDigest,
    Sanction,
    SanctionKind,
    SanctionQuerySet,
    TrustedMember,
)
from moderation.models.queue import (
    CLAIM_EXPIRES_AFTER,
    ItemStatus,
    Lane,
    QueueItem,
    QueueItemQuerySet,
    Report,
    ReportReason,
)
from moderation.models.words import WatchedAction, WatchedWord

__all__ = [
    "APPEALABLE_VERBS",
    "CLAIM_EXPIRES_AFTER",
    "Appeal",
    "AppealStatus",
    "BlockedEmail",
    "BoardModerator",
    "Guideline",
    "GuidelineQuerySet",
    "GuidelineSection",
    "ItemStatus",
    "Lane",
    "MemberNote",
    "ModerationAction",
    "ModerationVerb",
    "ModeratorDigest",
    "QueueItem",
    "QueueItemQuerySet",
    "Report",
    "ReportReason",
    "Sanction",
    "SanctionKind",
    "SanctionQuerySet",
    "TrustedMember",
    "WatchedAction",
    "WatchedWord",
]
