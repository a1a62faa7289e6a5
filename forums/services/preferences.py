"""A reader's own settings: content-warning choices, muted members, hidden words, hidden posts."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import (
    ContentWarning,
    ContentWarningChoice,
    ContentWarningPreference,
    HiddenPost,
    HiddenWord,
    MemberMute,
)
from moderation.text import normalise_for_matching
from safespace.refusals import Refused

MAX_HIDDEN_WORDS = 50


@transaction.atomic
def set_content_warning_choices(member, *, choices: dict[str, str]) -> None:
    for warning, choice in choices.items():
        if warning in ContentWarning.values and choice in ContentWarningChoice.values:
            ContentWarningPreference.objects.update_or_create(
                member=member, warning=warning, defaults={"choice": choice}
            )


def mute_member(target, *, acting_user) -> bool:
    """Returns True when the mute is new. The muted member is not told."""
    if target.pk == acting_user.pk:
        raise Refused(_("You can't mute yourself."))
    _mute, created = MemberMute.objects.get_or_create(member=acting_user, muted=target)
    return created


def unmute_member(target, *, acting_user) -> bool:
    deleted, _count = MemberMute.objects.filter(member=acting_user, muted=target).delete()
    return bool(deleted)


def add_hidden_word(word: str, *, acting_user) -> HiddenWord:
    # Stored as the matcher reads it, so "don’t" and "don't" are one hidden word, not two.
    word = normalise_for_matching(word)
    if not 2 <= len(word) <= 60:
        raise Refused(_("A hidden word needs 2 to 60 characters."))
    if HiddenWord.objects.filter(member=acting_user).count() >= MAX_HIDDEN_WORDS:
        raise Refused(
            _("You can hide up to %(count)d words. Remove one to add another.") % {"count": MAX_HIDDEN_WORDS}
        )
    hidden, _created = HiddenWord.objects.get_or_create(member=acting_user, word=word)
    return hidden


def remove_hidden_word(word_id: int, *, acting_user) -> bool:
    deleted, _count = HiddenWord.objects.filter(member=acting_user, pk=word_id).delete()
    return bool(deleted)


def set_drafts_on_device(member, *, keep: bool) -> bool:
    """Whether the composer may keep this member's unsent words in the browser. Returns True when
    the choice changed. Drafts already in a browser are wiped there by static/js/site.js, which
    reads the choice on every page."""
    changed = User.objects.filter(pk=member.pk).exclude(keeps_drafts_on_device=keep).update(keeps_drafts_on_device=keep)
    member.keeps_drafts_on_device = keep
    return bool(changed)


def hide_post_for_me(post, *, acting_user) -> bool:
    """The post collapses for this reader only; nobody is told. The same for every post, anonymous
    or named, so it says nothing about who wrote it. Returns True when it was not hidden before."""
    if post.author_id == acting_user.pk:
        raise Refused(_("This is your own post: you can edit or remove it instead."))
    _hidden, created = HiddenPost.objects.get_or_create(member=acting_user, post=post)
    return created


def show_post_again(post, *, acting_user) -> bool:
    deleted, _count = HiddenPost.objects.filter(member=acting_user, post=post).delete()
    return bool(deleted)
