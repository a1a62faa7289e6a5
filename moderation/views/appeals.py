"""Appeals: a member asks for a decision to be looked at again; another moderator decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from moderation.forms import AppealDecisionForm, AppealForm
from moderation.permissions import global_moderator_required
from moderation.selectors import appealable_actions_for, appeals_by_member, open_appeals
from moderation.services import decide_appeal, file_appeal
from safespace.refusals import Refused


@login_required
def appeal_create(request):
    """A member's decisions they can ask to have looked at again, and the form to ask. A link that
    names a decision (?decision=<id>) opens on that decision's form, first on the page."""
    actions = list(appealable_actions_for(request.user))
    named = request.GET.get("decision", "")
    focus = next((a for a in actions if str(a.pk) == named), None)
    if focus is not None:
        actions = [focus] + [a for a in actions if a is not focus]
    chosen = next((a for a in actions if str(a.pk) == request.POST.get("action")), None)
    form = AppealForm(request.POST if chosen else None)
    if chosen and form.is_valid():
        try:
            file_appeal(chosen, acting_user=request.user, text=form.cleaned_data["text"])
        except Refused as refusal:
            form.add_error("text", refusal.message)
        else:
            messages.success(
                request, _("Thank you. Another moderator will look again, and we'll tell you what they decide.")
            )
            return redirect("moderation:appeal-create")
    appeals = list(appeals_by_member(request.user))
    return render(
        request,
        "moderation/appeal_create.html",
        {
            "actions": actions,
            "form": form,
            "chosen": chosen,
            "focus": focus,
            "appeals": appeals,
            # The link named a decision already asked about: say so instead of showing another one.
            "asked_already": next((a for a in appeals if str(a.action_id) == named), None),
        },
    )


@global_moderator_required
def appeal_list(request):
    appeal_id = request.POST.get("appeal")
    appeals = open_appeals()
    forms_by_appeal = {
        appeal.pk: AppealDecisionForm(
            request.POST if str(appeal.pk) == appeal_id else None, prefix=f"appeal-{appeal.pk}"
        )
        for appeal in appeals
    }
    for appeal in appeals:
        form = forms_by_appeal[appeal.pk]
        if str(appeal.pk) == appeal_id and form.is_valid():
            try:
                decide_appeal(
                    appeal, acting_user=request.user, overturn=form.cleaned_data["decision"] == "overturn",
                    note=form.cleaned_data["note"],
                )  # fmt: skip
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Decided. The member has been told."))
                return redirect("moderation:appeal-list")
        appeal.form = form
    return render(request, "moderation/appeal_list.html", {"appeals": appeals})
