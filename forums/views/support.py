from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from forums.forms_support import ContentWarningChoicesForm, DraftStorageForm, HiddenWordForm
from forums.models import Post, Reaction, ReactionKind
from forums.permissions import access_post, can_reply
from forums.selectors.support import hidden_words_for, muted_members_for, waiting_thread_page
from forums.services.preferences import (
    add_hidden_word,
    hide_post_for_me,
    mute_member,
    remove_hidden_word,
    set_content_warning_choices,
    set_drafts_on_device,
    show_post_again,
    unmute_member,
)
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
        post = Post.objects.prefetch_related(
            Prefetch("reactions", queryset=Reaction.objects.select_related("member"))
        ).get(pk=post.pk)
        return render(
            request,
            "forums/partials/_post_reactions.html",
            {
                "post": post,
                "viewer": request.user,
                "can_react": can_reply(request.user, post.thread),
                "refusal_message": refusal_message,
            },
        )
    if refusal_message:
        messages.info(request, refusal_message)
    elif now_on:
        messages.success(request, _("You sent “%(label)s”.") % {"label": ReactionKind(request.POST["kind"]).label})
    else:
        messages.success(request, _("Reaction taken back."))
    return redirect(post)


@login_required
@require_POST
def post_hide(request, pk):
    """ "Hide this post for me", and "Show it again"."""
    post = access_post(request.user, pk)
    if request.POST.get("hide") == "0":
        show_post_again(post, acting_user=request.user)
        messages.success(request, _("The post is shown again."))
        return redirect(post)
    try:
        hide_post_for_me(post, acting_user=request.user)
    except Refused as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "The post is hidden, for you only; nobody is told. If it breaks our guidelines or worries you, "
                "please report it too."
            ),
        )
    return redirect(post)


def waiting_list(request):
    page = waiting_thread_page(viewer=request.user, page_number=request.GET.get("page"))
    return render(request, "forums/waiting_list.html", {"page": page})


@login_required
def reading_settings(request):
    choices_form = ContentWarningChoicesForm(
        request.POST if request.POST.get("form") == "warnings" else None, member=request.user
    )
    word_form = HiddenWordForm(request.POST if request.POST.get("form") == "word" else None)
    drafts_form = DraftStorageForm(
        request.POST if request.POST.get("form") == "drafts" else None,
        initial={"no_drafts": not request.user.keeps_drafts_on_device},
    )
    if request.method == "POST":
        if request.POST.get("form") == "drafts" and drafts_form.is_valid():
            keep = not drafts_form.cleaned_data["no_drafts"]
            set_drafts_on_device(request.user, keep=keep)
            if keep:
                messages.success(request, _("Your unsent drafts will be kept in this browser until they're posted."))
            else:
                messages.success(request, _("Drafts are no longer kept, and the ones this browser had are deleted."))
            return redirect("forums:reading-settings")
        if request.POST.get("form") == "warnings" and choices_form.is_valid():
            set_content_warning_choices(request.user, choices=choices_form.cleaned_data)
            messages.success(request, _("Your reading settings are saved."))
            return redirect("forums:reading-settings")
        if request.POST.get("form") == "word" and word_form.is_valid():
            try:
                add_hidden_word(word_form.cleaned_data["word"], acting_user=request.user)
            except Refused as refusal:
                word_form.add_error("word", refusal.message)
            else:
                messages.success(request, _("Posts with that word will be collapsed for you."))
                return redirect("forums:reading-settings")
        if request.POST.get("form") == "remove-word":
            remove_hidden_word(int(request.POST.get("word_id", 0) or 0), acting_user=request.user)
            messages.success(request, _("That word is no longer hidden."))
            return redirect("forums:reading-settings")
    return render(
        request,
        "forums/reading_settings.html",
        {
            "choices_form": choices_form,
            "word_form": word_form,
            "drafts_form": drafts_form,
            "hidden_words": hidden_words_for(request.user),
            "muted": muted_members_for(request.user),
        },
    )


@login_required
def member_mute(request, username):
    target = get_object_or_404(User.objects.filter(is_active=True), username=username)
    if request.method == "POST":
        if request.POST.get("mute") == "0":
            unmute_member(target, acting_user=request.user)
            messages.success(request, _("You unmuted %(name)s.") % {"name": target.username})
            if request.POST.get("next") == "settings":
                return redirect("forums:reading-settings")
            return redirect("accounts:profile-detail", target.username)
        try:
            mute_member(target, acting_user=request.user)
        except Refused as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, _("You muted %(name)s. They are not told.") % {"name": target.username})
        return redirect("accounts:profile-detail", target.username)
    return render(request, "forums/member_mute.html", {"target": target})
