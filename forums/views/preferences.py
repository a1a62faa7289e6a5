from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from forums.forms.preferences import ContentWarningChoicesForm, DraftStorageForm, HiddenWordForm
from forums.permissions import access_post
from forums.selectors.preferences import hidden_words_for, muted_members_for
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
from safespace.refusals import Refused


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
