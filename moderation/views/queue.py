"""The queue, settling items from it (one at a time or together), an item's page, and handing over."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from care.forms import DebriefForm
from care.selectors import queue_care_for
from care.services import record_item_opened
from moderation import outcomes
from moderation.forms import QueueFilterForm, ResolveItemForm, SettleTogetherForm
from moderation.permissions import is_global_moderator, moderator_required
from moderation.selectors import (
    claims_held_by,
    decision_needing_note,
    guideline_get_current,
    member_context_for_item,
    queue_item_for_moderator,
    queue_items_for_moderator,
    queue_page_for_moderator,
    settled_elsewhere_message,
    settled_item_message,
    urgent_items_handled_today,
)
from moderation.services import (
    check_in_pending,
    claim_item,
    release_all_claims,
    release_item,
    resolve_item,
    resolve_items,
)
from safespace.refusals import Refused


@moderator_required
def queue(request):
    filters = QueueFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    care = queue_care_for(request.user, show_all=request.GET.get("topics") == "all")
    page = queue_page_for_moderator(
        viewer=request.user,
        lane=chosen.get("lane", ""),
        status=chosen.get("status") or "open",
        board_slug=chosen.get("board", ""),
        reason=chosen.get("reason", ""),
        mine=chosen.get("mine", False),
        page_number=request.GET.get("page"),
        set_aside=care.set_aside,
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "page": page,
            "filters": filters,
            "urgent_handled_today": urgent_items_handled_today(request.user),
            "my_claims": claims_held_by(request.user),
            "filtering": any(chosen.get(name) for name in ("lane", "board", "reason", "mine"))
            or chosen.get("status") not in (None, "", "open"),
            "can_trust": is_global_moderator(request.user),
            "care": care,
            "debrief_form": DebriefForm(),
        },
    )


def _tell_settled(request, item, done: bool) -> None:
    if done:
        messages.success(request, settled_item_message(item))
    else:
        messages.info(request, settled_elsewhere_message(item, viewer=request.user))


@moderator_required
@require_POST
def queue_settle(request):
    """From the queue: a card's own Approve (or Approve and trust) button settles that item at once;
    "Settle the selected items" shows the chosen items with one decision to confirm."""
    one = request.POST.get("approve") or request.POST.get("trust")
    if one:
        item = queue_item_for_moderator(one if one.isdigit() else 0, viewer=request.user)
        try:
            done = resolve_item(
                item,
                acting_user=request.user,
                action="approve-post",
                trust="trust" in request.POST and "approve" not in request.POST,
            )
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            _tell_settled(request, item, done)
        return redirect("moderation:queue")
    items = queue_items_for_moderator(request.POST.getlist("item"), viewer=request.user)
    if not items:
        messages.info(request, _("Please tick the items you want to settle together, then try again."))
        return redirect("moderation:queue")
    confirming = request.POST.get("step") == "settle"
    form = SettleTogetherForm(request.POST if confirming else None, guideline=guideline_get_current())
    if confirming and form.is_valid():
        data = form.cleaned_data
        try:
            missed = resolve_items(
                items,
                acting_user=request.user,
                action=data["action"],
                note=data["note"],
                guideline_section=data["guideline_section"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            settled = len(items) - len(missed)
            if settled:
                messages.success(
                    request,
                    ngettext(
                        "Settled %(count)d item. Authors and reporters have been told what happened.",
                        "Settled %(count)d items. Authors and reporters have been told what happened.",
                        settled,
                    )
                    % {"count": settled},
                )
            for item in missed:
                messages.info(request, settled_elsewhere_message(item, viewer=request.user))
            return redirect("moderation:queue")
    return render(request, "moderation/queue_settle.html", {"items": items, "form": form})


@moderator_required
@require_POST
def hand_over(request):
    released = release_all_claims(acting_user=request.user)
    messages.success(
        request,
        _("Handed over: %(count)d items are back in the queue for others. Thank you, and take care of yourself.")
        % {"count": released},
    )
    return redirect("moderation:queue")


@moderator_required
def item_detail(request, pk):
    item = queue_item_for_moderator(pk, viewer=request.user)
    if request.method == "GET":
        record_item_opened(item, acting_user=request.user)  # an urgent item counts in the moderator's shift
    guideline = guideline_get_current()
    state = outcomes.starting_state(item)
    resolve_form = ResolveItemForm(
        request.POST if request.POST.get("form") == "resolve" else None,
        guideline=guideline,
        state=state,
        can_trust=state == outcomes.HELD and not item.post.is_anonymous and is_global_moderator(request.user),
        offers_note=item.post_id is not None and is_global_moderator(request.user),
        asks_about_check_in=check_in_pending(item),
    )
    if request.method == "POST":
        step = request.POST.get("form")
        if step == "claim":
            if claim_item(item, acting_user=request.user):
                messages.success(request, _("It's yours for now. Others can see you have it."))
            else:
                messages.info(request, _("Someone else has this one, or it is already settled."))
            return redirect("moderation:item-detail", pk=item.pk)
        if step == "release":
            release_item(item, acting_user=request.user)
            messages.info(request, _("Released: it is back in the queue for anyone."))
            return redirect("moderation:queue")
        if step == "resolve" and resolve_form.is_valid():
            data = resolve_form.cleaned_data
            try:
                done = resolve_item(
                    item,
                    acting_user=request.user,
                    action=data["action"],
                    note=data["note"],
                    guideline_section=data["guideline_section"],
                    trust=data["trust"],
                    without_check_in=data.get("without_check_in", False),
                )
            except Refused as refusal:
                resolve_form.add_error(None, refusal.message)
            else:
                _tell_settled(request, item, done)
                decision = decision_needing_note(item=item, actor=request.user) if data.get("write_note") else None
                if done and decision is not None:
                    return redirect("conversations:decision-note", pk=decision.pk)
                return redirect("moderation:queue")
    return render(
        request,
        "moderation/item_detail.html",
        {
            "item": item,
            "state": state,
            "resolve_form": resolve_form,
            **member_context_for_item(item),
        },
    )
