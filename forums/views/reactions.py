from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.models import ReactionKind
from forums.permissions import access_post
from forums.selectors.posts import post_with_reactions
from forums.services.reactions import toggle_reaction
from safespace.refusals import Refused


@login_required
@require_POST
def post_react(request, pk):
    post = access_post(request.user, pk)
    refusal_message = None
    try:
        now_on = toggle_reaction(post, acting_user=request.user, kind=request.POST.get("kind", ""))
    except Refused as refusal:
        refusal_message = refusal.message
    if request.htmx:
        # htmx swaps just this post's reactions; a refusal is said right there, not on a later page.
        post = post_with_reactions(post=post, viewer=request.user)
        return render(
            request,
            "forums/partials/_post_reactions.html",
            {"post": post, "viewer": request.user, "refusal_message": refusal_message},
        )
    if refusal_message:
        messages.info(request, refusal_message)
    elif now_on:
        messages.success(request, _("You sent “%(label)s”.") % {"label": ReactionKind(request.POST["kind"]).label})
    else:
        messages.success(request, _("Reaction taken back."))
    return redirect(post)
