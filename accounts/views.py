import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.member_data import profile_context_from_apps
from accounts.selectors import member_data_for_export, member_get_for_profile
from accounts.services import delete_account, update_profile


def profile_detail(request, username):
    member = member_get_for_profile(username=username)
    return render(
        request,
        "accounts/profile_detail.html",
        {
            "member": member,
            "is_self": member == request.user,
            # Whether the viewer muted them, and anything else an app shows here (accounts/member_data.py).
            **profile_context_from_apps(viewer=request.user, member=member),
        },
    )


@login_required
def settings_index(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_profile(request.user, bio=form.cleaned_data["bio"])
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings_index.html", {"form": form})


@login_required
@require_POST
def data_export(request):
    data = member_data_for_export(request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    filename = f"safespace-my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(
            request.user,
            acting_user=request.user,
            keep_posts=form.cleaned_data["posts"] == DeleteAccountForm.KEEP_POSTS,
        )
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for being part of Safe Space. Take care."))
        return redirect("forums:board-list")
    return render(request, "accounts/account_delete.html", {"form": form})
