from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forums.models import Notification, NotificationKind
from forums.notifications.choices import (
    mark_all_notifications_read,
    mark_notification_read,
    pause_notifications,
    resume_notifications,
    set_email_cadences,
    unsubscribe,
)
from forums.notifications.email import DIGEST, read_unsubscribe_token
from forums.notifications.forms import EmailPreferencesForm, TakeABreakForm
from forums.notifications.selectors import notification_page_for_member
from safespace.redirects import back_to


def _back(request, fallback):
    """Where a small POST form came from, when that is our own page."""
    return back_to(request, request.POST.get("next", ""), reverse(fallback))


@login_required
def notification_list(request):
    page = notification_page_for_member(request.user, page_number=request.GET.get("page"))
    return render(request, "forums/notification_list.html", {"page": page, "break_form": TakeABreakForm()})


@login_required
def notification_open(request, pk):
    """The link in the bell list and in emails: marks it read and goes to the exact post."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_notification_read(notification, member=request.user)
    return redirect(notification.link or "forums:notification-list")


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_notification_read(notification, member=request.user)
    return _back(request, "forums:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    if mark_all_notifications_read(member=request.user):
        messages.success(request, _("All caught up."))
    return _back(request, "forums:notification-list")


@login_required
def notification_settings(request):
    form = EmailPreferencesForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        set_email_cadences(member=request.user, cadences=form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("forums:notification-settings")
    return render(request, "forums/notification_settings.html", {"form": form, "break_form": TakeABreakForm()})


@login_required
@require_POST
def notifications_pause(request):
    form = TakeABreakForm(request.POST)
    if form.is_valid():
        pause_notifications(member=request.user, length=form.cleaned_data["length"])
        messages.success(request, _("Your break has started. We won't email you, and the bell stays quiet."))
    else:
        messages.error(request, form.errors["length"][0])
    return _back(request, "forums:notification-settings")


@login_required
@require_POST
def notifications_resume(request):
    resume_notifications(member=request.user)
    messages.success(request, _("Welcome back. Notifications are on again."))
    return _back(request, "forums:notification-list")


@csrf_exempt  # the signed token is the credential; mail apps POST here for one-click unsubscribe
def email_unsubscribe(request, token):
    """Works without logging in. GET shows one button (link scanners in mail systems follow GET
    links, so GET changes nothing); POST, from that button or a mail app's own button, unsubscribes."""
    found = read_unsubscribe_token(token)
    member = None
    if found:
        member = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if member is None:
        return render(request, "forums/email_unsubscribe.html", {"invalid": True}, status=404)
    kind = found[1]
    label = _("daily summary emails") if kind == DIGEST else NotificationKind(kind).label
    done = False
    if request.method == "POST":
        unsubscribe(member=member, kind=kind)
        done = True
    return render(request, "forums/email_unsubscribe.html", {"label": label, "done": done, "token": token})
