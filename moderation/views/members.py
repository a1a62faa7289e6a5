"""A member, for global moderators: their record, private notes, and warn / suspend / ban / lift."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from moderation.forms import MemberNoteForm, SanctionForm
from moderation.permissions import global_moderator_required
from moderation.restrictions import restriction_for
from moderation.selectors import decision_needing_note, guideline_get_current, member_context, suggested_suspension
from moderation.services import add_member_note, lift_restriction, sanction_member
from safespace.refusals import Refused


@global_moderator_required
def member_moderate(request, username):
    """A member, for moderators: context, private notes, warn / suspend / ban / lift."""
    member = get_object_or_404(get_user_model(), username=username)
    guideline = guideline_get_current()
    step = request.POST.get("form")
    sanction_form = SanctionForm(
        request.POST if step == "sanction" else None,
        guideline=guideline,
        suggested=suggested_suspension(member),
        prefix="sanction",
    )
    note_form = MemberNoteForm(request.POST if step == "note" else None, prefix="note")
    try:
        if step == "sanction" and sanction_form.is_valid():
            data = sanction_form.cleaned_data
            sanction_member(
                member, acting_user=request.user, kind=data["kind"], guideline_section=data["guideline_section"],
                message=data["message"], duration=data["duration_delta"],
            )  # fmt: skip
            messages.success(request, _("Done. The member has been told, kindly, with the guideline."))
            if data.get("write_note") and (decision := decision_needing_note(member=member, actor=request.user)):
                return redirect("conversations:decision-note", pk=decision.pk)
            return redirect("moderation:member-moderate", username=member.username)
        if step == "lift":
            if lift_restriction(member, acting_user=request.user):
                messages.success(request, _("Lifted. The member can post again and has been told."))
            return redirect("moderation:member-moderate", username=member.username)
        if step == "note" and note_form.is_valid():
            add_member_note(member, acting_user=request.user, text=note_form.cleaned_data["text"])
            messages.success(request, _("Note saved. Only moderators can see it."))
            return redirect("moderation:member-moderate", username=member.username)
    except Refused as refusal:
        (sanction_form if step == "sanction" else note_form).add_error(None, refusal.message)
    return render(
        request,
        "moderation/member_moderate.html",
        {
            "member": member,
            "sanction_form": sanction_form,
            "note_form": note_form,
            "restriction": restriction_for(member),
            **member_context(member.pk),
        },
    )
