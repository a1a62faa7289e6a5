"""Members' side of moderation: the guidelines, reporting a post or a member, and the confirmation."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from moderation.forms import ReportForm
from moderation.models import ReportReason
from moderation.permissions import access_post_to_report
from moderation.selectors import guideline_get_current, report_confirmation_for
from moderation.services import file_report
from resources.selectors import crisis_lines_for_reader, region_for_request
from safespace.refusals import Refused


def guidelines(request):
    return render(request, "moderation/guidelines_detail.html", {"guideline": guideline_get_current()})


def _report(request, *, post=None, member=None, back):
    guideline = guideline_get_current()
    form = ReportForm(request.POST or None, guideline=guideline)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, created = file_report(
                acting_user=request.user,
                post=post,
                member=member,
                reason=data["reason"],
                note=data["note"],
                guideline_section=data["guideline_section"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            # Never back to the post: the report may just have hidden it from this member.
            sent = reverse("moderation:report-sent", args=[report.pk])
            return redirect(sent if created else f"{sent}?again=1")
    return render(
        request, "moderation/report_create.html", {"form": form, "post": post, "member": member, "back": back}
    )


@login_required
def report_post(request, pk):
    post = access_post_to_report(request.user, pk)
    back = post.thread.get_absolute_url() if post.is_hidden else post.get_absolute_url()
    return _report(request, post=post, back=back)


@login_required
def report_member(request, username):
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    return _report(request, member=member, back=reverse("accounts:profile-detail", args=[member.username]))


@login_required
def report_sent(request, pk):
    """The kind confirmation after a report; for "I'm worried", gentle advice and crisis lines."""
    context = {**report_confirmation_for(pk, reporter=request.user), "again": request.GET.get("again") == "1"}
    if context["report"].reason == ReportReason.WORRIED:
        # A kind note with the crisis lines, right here; nothing is sent to the other member.
        context["resources"] = crisis_lines_for_reader(
            region_for_request(request), next_url=request.get_full_path(), limit=4
        )
        return render(request, "moderation/report_worried.html", context)
    return render(request, "moderation/report_sent.html", context)
