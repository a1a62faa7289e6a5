from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forums.models import Post
from moderation import outcomes
from moderation.forms import (
    AddContentWarningForm,
    AppealDecisionForm,
    AppealForm,
    MemberNoteForm,
    ModeratorEditForm,
    MoveThreadForm,
    QueueFilterForm,
    ReportForm,
    ResolveItemForm,
    RevealAuthorForm,
    SanctionForm,
    SettleTogetherForm,
)
from moderation.models import CLAIM_EXPIRES_AFTER, ReportReason
from moderation.permissions import (
    access_post_to_report,
    can_moderate_board,
    global_moderator_required,
    is_global_moderator,
    moderator_required,
)
from moderation.pipeline import PostingRefused
from moderation.selectors import (
    appeals_by_member,
    claims_held_by,
    guideline_get_current,
    member_context,
    member_context_for_item,
    moderation_log_for_post,
    queue_item_for_moderator,
    queue_items_for_moderator,
    queue_page_for_moderator,
    report_confirmation_for,
    settled_elsewhere_message,
    settled_item_message,
    urgent_items_handled_today,
)
from moderation.services import (
    add_content_warning,
    add_member_note,
    appealable_actions_for,
    approve_held_post,
    claim_item,
    decide_appeal,
    file_appeal,
    file_report,
    lift_restriction,
    lock_thread,
    moderator_edit_post,
    move_thread,
    pin_thread,
    release_all_claims,
    release_item,
    resolve_item,
    resolve_items,
    restore_post,
    restriction_for,
    reveal_anonymous_author,
    sanction_member,
    suggested_suspension,
)
from resources.selectors import crisis_lines_for_reader, region_for_request
from safespace.refusals import Refused


def guidelines(request):
    return render(request, "moderation/guidelines_detail.html", {"guideline": guideline_get_current()})


@moderator_required
def post_moderate(request, pk):
    """One post, for a moderator: add a content warning, or (with a logged reason) see who wrote
    an anonymous post. Shows this post's moderation log."""
    post = get_object_or_404(Post.objects.select_related("thread__board", "author"), pk=pk)
    if not can_moderate_board(request.user, post.thread.board_id):
        raise Http404  # the same answer as for a missing post
    # Prefixes: several forms on one page, each with its own ids and labels.
    warning_form = AddContentWarningForm(
        request.POST if request.POST.get("form") == "warning" else None, prefix="warning"
    )
    reveal_form = RevealAuthorForm(request.POST if request.POST.get("form") == "reveal" else None, prefix="reveal")
    revealed_author = None
    step = request.POST.get("form")
    thread = post.thread
    move_form = MoveThreadForm(request.POST if step == "move" else None, current=thread.board, prefix="move")
    edit_form = ModeratorEditForm(request.POST if step == "edit" else None, initial={"body": post.body}, prefix="edit")
    if request.method == "POST" and step == "restore":
        if restore_post(post, acting_user=request.user, note=request.POST.get("note", "")):
            messages.success(request, _("Post restored. The author has been told."))
        return redirect("moderation:post-moderate", pk=post.pk)
    if request.method == "POST" and step in ("approve", "approve-and-trust"):
        try:
            approved = approve_held_post(post, acting_user=request.user, trust=step == "approve-and-trust")
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            if approved:
                messages.success(request, _("Published. The author has been told."))
            else:
                messages.info(request, _("Another moderator settled this a moment ago: it is no longer waiting."))
        return redirect("moderation:post-moderate", pk=post.pk)
    if request.method == "POST" and step in ("lock", "unlock", "pin", "unpin"):
        flips = {
            "lock": (lock_thread, {"locked": True}, _("Thread locked: it stays readable, with no new replies.")),
            "unlock": (lock_thread, {"locked": False}, _("Thread unlocked.")),
            "pin": (pin_thread, {"pinned": True}, _("Thread pinned to the top of its board.")),
            "unpin": (pin_thread, {"pinned": False}, _("Thread unpinned.")),
        }
        action, arguments, done = flips[step]
        if action(thread, acting_user=request.user, **arguments):
            messages.success(request, done)
        return redirect("moderation:post-moderate", pk=post.pk)
    if request.method == "POST" and step == "move" and move_form.is_valid():
        if move_thread(thread, acting_user=request.user, board=move_form.cleaned_data["board"]):
            messages.success(request, _("Thread moved to %(board)s.") % {"board": move_form.cleaned_data["board"].name})
        return redirect("moderation:post-moderate", pk=post.pk)
    if request.method == "POST" and step == "edit" and edit_form.is_valid():
        try:
            moderator_edit_post(
                post,
                acting_user=request.user,
                body=edit_form.cleaned_data["body"],
                reason=edit_form.cleaned_data["reason"],
            )
        except PostingRefused as refusal:
            edit_form.add_error("body", refusal.message)
        except Refused as refusal:
            edit_form.add_error("reason", refusal.message)
        else:
            messages.success(request, _("Post edited. The author has been told; the original stays in its history."))
            return redirect("moderation:post-moderate", pk=post.pk)
    if request.method == "POST" and request.POST.get("form") == "warning" and warning_form.is_valid():
        try:
            added = add_content_warning(
                post,
                acting_user=request.user,
                warning=warning_form.cleaned_data["warning"],
                reason=warning_form.cleaned_data["reason"],
            )
        except Refused as refusal:
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
        except Refused as refusal:
            reveal_form.add_error("reason", refusal.message)
    return render(
        request,
        "moderation/post_moderate.html",
        {
            "post": post,
            "warning_form": warning_form,
            "reveal_form": reveal_form,
            "revealed_author": revealed_author,
            "thread": thread,
            "move_form": move_form,
            "edit_form": edit_form,
            "log": moderation_log_for_post(post),
            "can_trust": post.is_pending_approval and not post.is_anonymous and is_global_moderator(request.user),
        },
    )


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


@moderator_required
def queue(request):
    from care.forms import DebriefForm
    from care.selectors import queue_care_for

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
            "claim_expiry": timezone.now() - CLAIM_EXPIRES_AFTER,
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
    from care.services import record_item_opened

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
                )
            except Refused as refusal:
                resolve_form.add_error(None, refusal.message)
            else:
                _tell_settled(request, item, done)
                return redirect("moderation:queue")
    return render(
        request,
        "moderation/item_detail.html",
        {
            "item": item,
            "state": state,
            "resolve_form": resolve_form,
            "claim_expiry": timezone.now() - CLAIM_EXPIRES_AFTER,
            **member_context_for_item(item),
        },
    )


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
    from moderation.models import Appeal, AppealStatus

    appeal_id = request.POST.get("appeal")
    appeals = list(
        Appeal.objects.filter(status=AppealStatus.OPEN).select_related(
            "action__actor", "action__post__thread", "member"
        )
    )
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
