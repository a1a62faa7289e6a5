"""Kind reactions to a post: sent, or taken back, once per kind and member."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forums.models import MemberMute, Post, Reaction, ReactionKind
from forums.notifications.outbox import record_reaction_added, record_reaction_taken_back
from moderation.restrictions import restriction_for, restriction_message
from safespace.refusals import Refused


def toggle_reaction(post: Post, *, acting_user, kind: str) -> bool:
    """Adds the reaction, or takes it back when it is already there. Returns True when the reaction
    is now on. Raises Refused with words for the member."""
    if kind not in ReactionKind.values:
        raise Refused(_("That isn't one of the reactions here."))
    if not acting_user.is_authenticated or not acting_user.is_active:
        raise Refused(_("Please log in to send support."))
    if sanction := restriction_for(acting_user):
        raise Refused(restriction_message(sanction))
    if post.author_id == acting_user.pk:
        raise Refused(_("You can't react to your own post, but others can."))
    if post.is_removed or post.is_hidden or post.is_pending_approval:
        raise Refused(_("This post can't receive reactions right now."))
    if not post.is_anonymous and MemberMute.objects.filter(member_id=post.author_id, muted=acting_user).exists():
        # Said without naming the reason: being muted is not announced to the muted member. Never for
        # an anonymous post: a refusal there would say who wrote it. The reaction is taken like any
        # other; the author's mute still keeps it out of their notifications.
        raise Refused(_("You can't react to this post."))
    with transaction.atomic():
        deleted, _count = Reaction.objects.filter(post=post, member=acting_user, kind=kind).delete()
        if deleted:
            record_reaction_taken_back(post, acting_user=acting_user)
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, member=acting_user, kind=kind)
        except IntegrityError:
            return True  # the same click arrived twice: the reaction is on, and was told once
        record_reaction_added(post, acting_user=acting_user)
        return True
