from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from care.forms import DebriefForm, LookInLaterForm, MeasuresPeriodForm, TopicOptOutForm
from care.measures import measures_for_period
from care.selectors import (
    debrief_item_for,
    debriefs_for_moderator,
    opt_outs_in_force,
    reminder_get_for_thread,
    reminder_list_for_member,
    shift_for_moderator,
)
from care.services import (
    cancel_look_in_reminder,
    end_shift,
    end_topic_opt_out,
    record_reveal,
    set_look_in_reminder,
    set_topic_opt_out,
    skip_debrief,
    start_shift,
    take_break,
    write_debrief,
)
from forums.permissions import access_thread
from moderation.permissions import moderator_required
from moderation.selectors import claims_held_by, queue_item_for_moderator
from safespace.dates import format_when
from safespace.refusals import Refused


def admin_required(view):
    """Admins with two-factor only (the MFA middleware sends one without it to set it up first)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
        if not ((user.is_staff or user.is_superuser) and user.has_two_factor):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# --- Reminders ------------------------------------------------------------------------------------


@login_required
def reminder_set(request, pk):
    """ "Look in on this thread later", from the thread page. A GET (or a form that needs another
    look) shows the same small form on its own page."""
    thread = access_thread(request.user, pk)
    form = LookInLaterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reminder = set_look_in_reminder(thread, acting_user=request.user, delay=form.cleaned_data["delay"])
        except Refused as refusal:
            form.add_error("delay", refusal.message)
        else:
            messages.success(
                request,
                _("We'll remind you to look in on this thread on %(when)s. Only you can see this.")
                % {"when": format_when(reminder.due_at)},
            )
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "care/reminder_set.html",
        {"thread": thread, "form": form, "reminder": reminder_get_for_thread(thread=thread, member=request.user)},
    )


@login_required
def reminder_list(request):
    return render(request, "care/reminder_list.html", {"reminders": reminder_list_for_member(request.user)})


@login_required
@require_POST
def reminder_cancel(request, pk):
    if cancel_look_in_reminder(pk, acting_user=request.user):
        messages.success(request, _("Reminder cancelled."))
    else:
        messages.info(request, _("That reminder has already gone, or was cancelled before."))
    return redirect("care:reminder-list")


# --- Moderator care -------------------------------------------------------------------------------


def _shift_page(request, *, opt_out_form=None):
    return render(
        request,
        "care/shift_detail.html",
        {
            "shift": shift_for_moderator(request.user),
            "my_claims": claims_held_by(request.user),
            "opt_outs": opt_outs_in_force(request.user),
            "opt_out_form": opt_out_form or TopicOptOutForm(prefix="opt-out"),
            "debriefs": debriefs_for_moderator(request.user),
        },
    )


@moderator_required
@require_safe
def shift_detail(request):
    """The moderator's own shift: what they handled and saw, a break when it is due, the hand-over,
    their topic opt-outs and their debrief notes. Each button posts to its own small view below."""
    return _shift_page(request)


@moderator_required
@require_POST
def shift_start(request):
    if start_shift(acting_user=request.user):
        messages.success(request, _("Your shift has started. Thank you for being here."))
    else:
        messages.info(request, _("Your shift had already started."))
    return redirect("care:shift")


@moderator_required
@require_POST
def shift_end(request):
    released = end_shift(acting_user=request.user)
    messages.success(
        request,
        _("Your shift has ended; %(count)d items went back to the queue for others. Thank you, and rest well.")
        % {"count": released},
    )
    return redirect("care:shift")


@moderator_required
@require_POST
def shift_break(request):
    take_break(acting_user=request.user)
    messages.success(request, _("Enjoy your break. The queue will be here, and others can pick up what you released."))
    return redirect("care:shift")


@moderator_required
@require_POST
def topic_opt_out_set(request):
    opt_out_form = TopicOptOutForm(request.POST, prefix="opt-out")
    if opt_out_form.is_valid():
        try:
            set_topic_opt_out(
                acting_user=request.user, topics=opt_out_form.cleaned_data["topics"], ends_at=opt_out_form.ends_at
            )
        except Refused as refusal:
            opt_out_form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Done. While someone else is on shift, those items stay out of your queue and alerts. If nobody "
                  "else is, we'll ask you first."),
            )  # fmt: skip
            return redirect("care:shift")
    return _shift_page(request, opt_out_form=opt_out_form)


@moderator_required
@require_POST
def topic_opt_out_end(request, pk):
    if end_topic_opt_out(pk, acting_user=request.user):
        messages.success(request, _("Done: those items are back in your queue and alerts."))
    return redirect("care:shift")


@moderator_required
@require_POST
def reveal(request, pk):
    """Sent by the page's script when a moderator opens blurred, distressing content: counted in their
    shift, nothing else. Answers 204, so it never changes the page."""
    item = queue_item_for_moderator(pk, viewer=request.user)
    record_reveal(item, acting_user=request.user)
    return HttpResponse(status=204)


@moderator_required
def debrief_create(request, pk):
    item = debrief_item_for(request.user, pk)
    if item is None:
        raise Http404
    form = DebriefForm(request.POST or None)
    if request.method == "POST" and "skip" in request.POST:
        skip_debrief(item, acting_user=request.user)
        messages.info(request, _("That's fine. Take care of yourself."))
        return redirect("moderation:queue")
    if request.method == "POST" and form.is_valid():
        try:
            _debrief, created = write_debrief(
                item, acting_user=request.user, text=form.cleaned_data["text"], sharing=form.cleaned_data["sharing"]
            )
        except Refused as refusal:
            form.add_error("text", refusal.message)
        else:
            if created:
                messages.success(request, _("Thank you for writing it down. It's on your shift page."))
            else:
                messages.info(request, _("You had already written a note for this item; it is kept as it was."))
            return redirect("moderation:queue")
    return render(request, "care/debrief_create.html", {"item": item, "form": form})


@admin_required
def measures(request):
    form = MeasuresPeriodForm(request.GET or None)
    start, end = form.bounds()
    return render(request, "care/measures.html", {"form": form, "measures": measures_for_period(start, end)})
