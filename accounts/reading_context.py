"""One member's reading context: what every page they read depends on besides the page itself.

Moderation roles (the Moderators group, boards moderated, two-factor switched on) and what the
feature apps add through register_part() (forums: content-warning choices, mutes, hidden words)
are read together, once, and kept in the cache under the member's `reading_version`. Whatever
changes one of them bumps that version (bump_reading_version), so the next page reads it afresh
and an older copy can never come back; nothing has to be deleted. Without the cache (Redis down
and its memory fallback empty) the context is read from the database, as it always could be."""

import contextlib
from collections.abc import Callable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef
from redis.exceptions import RedisError

MODERATORS_GROUP = "Moderators"
# A member's context changes rarely; a day keeps an idle member's copy from living on forever.
READING_CONTEXT_SECONDS = 24 * 60 * 60
_UNREACHABLE = (RedisError, ConnectionError, OSError)

_parts: dict[str, Callable] = {}


def register_part(name: str, loader: Callable) -> None:
    """Call from an AppConfig.ready(): loader(member) returns picklable data for the context."""
    _parts[name] = loader


def _key(member) -> str:
    return f"accounts:reading:{member.pk}:{member.reading_version}"


def _roles(member) -> dict:
    """Group membership, moderated boards and two-factor in one query."""
    authenticators = apps.get_model("mfa", "Authenticator")
    board_moderators = member.moderated_boards.model
    in_group, has_boards, has_two_factor = (
        type(member)
        .objects.filter(pk=member.pk)
        .values_list(
            Exists(Group.objects.filter(user=OuterRef("pk"), name=MODERATORS_GROUP)),
            Exists(board_moderators.objects.filter(member=OuterRef("pk"))),
            Exists(authenticators.objects.filter(user=OuterRef("pk"))),
        )
        .get()
    )
    boards = (
        frozenset(board_moderators.objects.filter(member=member).values_list("board_id", flat=True))
        if has_boards
        else frozenset()
    )
    return {"in_group": in_group, "has_boards": has_boards, "has_two_factor": has_two_factor, "board_ids": boards}


def _load(member) -> dict:
    context = {"roles": _roles(member)}
    for name, loader in _parts.items():
        context[name] = loader(member)
    return context


def reading_context(member) -> dict:
    """The member's context: from this request's user object, else the cache, else the database
    (then kept in the cache). Only for a logged-in member with a primary key."""
    memo = getattr(member, "_reading_context", None)
    if memo is not None and memo[0] == member.reading_version:
        return memo[1]
    key = _key(member)
    context = None
    with contextlib.suppress(*_UNREACHABLE):
        context = cache.get(key)
    if context is None or set(context) != {"roles", *_parts}:
        context = _load(member)
        with contextlib.suppress(*_UNREACHABLE):
            cache.set(key, context, READING_CONTEXT_SECONDS)
    member._reading_context = (member.reading_version, context)
    return context


def bump_reading_version(member_id: int) -> None:
    """The member's roles or reading choices changed: their next page reads the context afresh."""
    get_user_model().objects.filter(pk=member_id).update(reading_version=F("reading_version") + 1)


def bump_for_row(sender, instance, **kwargs):
    """post_save / post_delete receiver for rows that belong to one member's context (a mute, a
    hidden word, a content-warning choice, a board moderator, an authenticator): every write path,
    the admin and account deletion included, moves the version on."""
    member_id = getattr(instance, "member_id", None) or getattr(instance, "user_id", None)
    if member_id:
        bump_for_member_ids([member_id])


def bump_for_member_ids(member_ids) -> None:
    if member_ids:
        get_user_model().objects.filter(pk__in=list(member_ids)).update(reading_version=F("reading_version") + 1)


def bump_for_group_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed receiver for User.groups: joining or leaving the Moderators group is a role change."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # group.user_set.add(...): pk_set holds members (all of them on clear)
        ids = pk_set if pk_set is not None else set(instance.user_set.values_list("pk", flat=True))
    else:
        ids = {instance.pk}
    bump_for_member_ids(ids)
    if not reverse:
        # The object in hand follows the row, so the rest of this request sees the new role.
        instance.reading_version += 1
        instance.__dict__.pop("_reading_context", None)
