"""Is this member suspended or banned? Asked on every page a member sees and before every write, so
the answer is cached. A leaf: it imports models only, so forums, resources and the posting pipeline
import it at the top of their modules without reaching moderation's services."""

import contextlib

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

from moderation.models import Sanction
from moderation.notices import restriction_words

RESTRICTION_CACHE_SECONDS = 600
NO_RESTRICTION = "none"


def _restriction_key(member_id: int) -> str:
    return f"moderation:restriction:{member_id}"


def restriction_for(member) -> Sanction | None:
    """The suspension or ban in force for this member, if any. Asked on every page a member sees,
    so it is cached (per request on the user object, across requests in the cache, forgotten when a
    moderator sanctions or lifts); an end time passing needs no forgetting: it is checked here."""
    if not getattr(member, "is_authenticated", False):
        return None
    if not hasattr(member, "_restriction"):
        key = _restriction_key(member.pk)
        try:
            cached = cache.get(key)
        except (RedisError, ConnectionError, OSError):
            cached = None
        if cached is None:
            found = Sanction.objects.in_force().filter(member=member).order_by("-created_at").first()
            cached = found or NO_RESTRICTION
            with contextlib.suppress(RedisError, ConnectionError, OSError):
                cache.set(key, cached, RESTRICTION_CACHE_SECONDS)
        member._restriction = None if cached == NO_RESTRICTION else cached
    sanction = member._restriction
    if sanction is not None and sanction.ends_at is not None and sanction.ends_at <= timezone.now():
        return None  # a suspension ends by itself
    return sanction


def forget_restriction(member_id: int) -> None:
    """Call inside the transaction that sanctions or lifts: the cached answer goes once it commits."""

    def forget():
        with contextlib.suppress(RedisError, ConnectionError, OSError):
            cache.delete(_restriction_key(member_id))

    transaction.on_commit(forget)


def restriction_message(sanction: Sanction) -> str:
    return restriction_words(kind=sanction.kind, ends_at=sanction.ends_at)
