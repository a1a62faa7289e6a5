from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from forums.models import Post
from moderation.forms import AddContentWarningForm, RevealAuthorForm
from moderation.permissions import moderator_required
from moderation.selectors import guideline_get_current, moderation_log_for_post
from moderation.services import ModerationRefused, add_content_warning, reveal_anonymous_author


def guidelines(request):
    return render(request, "moderation/guidelines_detail.html", {"guideline": guideline_get_current()})


@moderator_required
def post_moderate(request, pk):
    """One post, for a moderator: add a content warning, or (with a logged reason) see who wrote
    an anonymous post. Shows this post's moderation log."""
    post = get_object_or_404(Post.objects.select_related("thread__board", "author"), pk=pk)
    warning_form = AddContentWarningForm(request.POST if request.POST.get("form") == "warning" else None)
    reveal_form = RevealAuthorForm(request.POST if request.POST.get("form") == "reveal" else None)
    revealed_author = None
    if request.method == "POST" and request.POST.get("form") == "warning" and warning_form.is_valid():
        try:
            added = add_content_warning(
                post,
                acting_user=request.user,
                warning=warning_form.cleaned_data["warning"],
                reason=warning_form.cleaned_data["reason"],
            )
        except ModerationRefused as refusal:
            warning_form.add_error("warning", refusal.message)
        else:
            if added:
                messages.success(request, _("Content warning added. The author has been told."))
            else:
                messages.info(request, _("That warning was already there."))
            return redirect("moderation:post-moderate", pk=post.pk)
    if request.method == "POST" and request.POST.get("form") == "reveal" and reveal_form.is_valid():
        try:
            # Rendered in this response only, never redirected to: each look is one logged reveal.
            revealed_author = reveal_anonymous_author(
                post, acting_user=request.user, reason=reveal_form.cleaned_data["reason"]
            )
        except ModerationRefused as refusal:
            reveal_form.add_error("reason", refusal.message)
    return render(
        request,
        "moderation/post_moderate.html",
        {
            "post": post,
            "warning_form": warning_form,
            "reveal_form": reveal_form,
            "revealed_author": revealed_author,
            "log": moderation_log_for_post(post),
        },
    )
