"""One post, for a moderator: its page, and one small view per action on it (access → bind form →
service → message → redirect). Each form on the page posts to its own action's address."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from moderation.forms import AddContentWarningForm, ModeratorEditForm, MoveThreadForm, RevealAuthorForm
from moderation.permissions import access_post_for_moderation, is_global_moderator, moderator_required
from moderation.pipeline import PostingRefused
from moderation.selectors import moderation_log_for_post
from moderation.services import (
    add_content_warning,
    approve_held_post,
    lock_thread,
    moderator_edit_post,
    move_thread,
    pin_thread,
    restore_post,
    reveal_anonymous_author,
)
from safespace.refusals import Refused


def _page(request, post, *, revealed_author=None, **bound):
    """The post's moderation page; `bound` holds the one form just sent back with its errors (what
    the moderator typed stays in it). Prefixes: several forms on one page, each with its own ids."""
    forms = {
        "warning_form": AddContentWarningForm(prefix="warning"),
        "reveal_form": RevealAuthorForm(prefix="reveal"),
        "move_form": MoveThreadForm(current=post.thread.board, prefix="move"),
        "edit_form": ModeratorEditForm(initial={"body": post.body}, prefix="edit"),
        **bound,
    }
    return render(
        request,
        "moderation/post_moderate.html",
        {
            "post": post,
            "thread": post.thread,
            "revealed_author": revealed_author,
            "log": moderation_log_for_post(post),
            "can_trust": post.is_pending_approval and not post.is_anonymous and is_global_moderator(request.user),
            **forms,
        },
    )


def _back(post):
    return redirect("moderation:post-moderate", pk=post.pk)


@moderator_required
def post_moderate(request, pk):
    """The page: the post, its thread, the actions and this post's moderation log. A form sent here
    (a page opened before each form had its own address) goes to its action as before."""
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("form", ""))
        if action is not None:
            return action(request, pk)
    return _page(request, access_post_for_moderation(request.user, pk))


@moderator_required
@require_POST
def post_restore(request, pk):
    post = access_post_for_moderation(request.user, pk)
    if restore_post(post, acting_user=request.user, note=request.POST.get("note", "")):
        messages.success(request, _("Post restored. The author has been told."))
    return _back(post)


def _approve(request, pk, *, trust: bool):
    post = access_post_for_moderation(request.user, pk)
    try:
        approved = approve_held_post(post, acting_user=request.user, trust=trust)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        if approved:
            messages.success(request, _("Published. The author has been told."))
        else:
            messages.info(request, _("Another moderator settled this a moment ago: it is no longer waiting."))
    return _back(post)


@moderator_required
@require_POST
def post_approve(request, pk):
    return _approve(request, pk, trust=False)


@moderator_required
@require_POST
def post_approve_and_trust(request, pk):
    return _approve(request, pk, trust=True)


THREAD_FLIPS = {
    "lock": (lock_thread, {"locked": True}, _lazy("Thread locked: it stays readable, with no new replies.")),
    "unlock": (lock_thread, {"locked": False}, _lazy("Thread unlocked.")),
    "pin": (pin_thread, {"pinned": True}, _lazy("Thread pinned to the top of its board.")),
    "unpin": (pin_thread, {"pinned": False}, _lazy("Thread unpinned.")),
}


@moderator_required
@require_POST
def post_thread_flip(request, pk, flip):
    """Lock, unlock, pin or unpin the post's thread."""
    post = access_post_for_moderation(request.user, pk)
    if flip not in THREAD_FLIPS:
        raise Http404
    service, arguments, done = THREAD_FLIPS[flip]
    if service(post.thread, acting_user=request.user, **arguments):
        messages.success(request, str(done))
    return _back(post)


@moderator_required
@require_POST
def post_move_thread(request, pk):
    post = access_post_for_moderation(request.user, pk)
    form = MoveThreadForm(request.POST, current=post.thread.board, prefix="move")
    if not form.is_valid():
        return _page(request, post, move_form=form)
    board = form.cleaned_data["board"]
    if move_thread(post.thread, acting_user=request.user, board=board):
        messages.success(request, _("Thread moved to %(board)s.") % {"board": board.name})
    return _back(post)


@moderator_required
@require_POST
def post_edit(request, pk):
    post = access_post_for_moderation(request.user, pk)
    form = ModeratorEditForm(request.POST, initial={"body": post.body}, prefix="edit")
    if form.is_valid():
        try:
            moderator_edit_post(
                post, acting_user=request.user, body=form.cleaned_data["body"], reason=form.cleaned_data["reason"]
            )
        except PostingRefused as refusal:
            form.add_error("body", refusal.message)
        except Refused as refusal:
            form.add_error("reason", refusal.message)
        else:
            messages.success(request, _("Post edited. The author has been told; the original stays in its history."))
            return _back(post)
    return _page(request, post, edit_form=form)


@moderator_required
@require_POST
def post_add_warning(request, pk):
    post = access_post_for_moderation(request.user, pk)
    form = AddContentWarningForm(request.POST, prefix="warning")
    if form.is_valid():
        try:
            added = add_content_warning(
                post, acting_user=request.user, warning=form.cleaned_data["warning"], reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            form.add_error("warning", refusal.message)
        else:
            if added:
                messages.success(request, _("Content warning added. The author has been told."))
            else:
                messages.info(request, _("That warning was already there."))
            return _back(post)
    return _page(request, post, warning_form=form)


@moderator_required
@require_POST
def post_reveal_author(request, pk):
    """Answered on the page itself, never redirected to: each look is one logged reveal."""
    post = access_post_for_moderation(request.user, pk)
    form = RevealAuthorForm(request.POST, prefix="reveal")
    revealed_author = None
    if form.is_valid():
        try:
            revealed_author = reveal_anonymous_author(
                post, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            form.add_error("reason", refusal.message)
    return _page(request, post, reveal_form=form, revealed_author=revealed_author)


ACTIONS = {
    "restore": post_restore,
    "approve": post_approve,
    "approve-and-trust": post_approve_and_trust,
    **{flip: (lambda request, pk, flip=flip: post_thread_flip(request, pk, flip)) for flip in THREAD_FLIPS},
    "move": post_move_thread,
    "edit": post_edit,
    "warning": post_add_warning,
    "reveal": post_reveal_author,
}
