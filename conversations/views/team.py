"""The team's pages: the list of conversations by lane, one conversation (claim, give it to a named
moderator, release, close, write), writing to a member first, a check-in and a personal note about
a decision."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import selectors, services
from conversations.forms import AssignConversationForm, TeamMessageForm
from conversations.models import Situation
from conversations.permissions import access_conversation_as_team, can_work_on_conversations
from conversations.saved_replies import fill, first_saved_reply, saved_replies_for
from moderation.models import APPEALABLE_VERBS, ModerationAction
from moderation.permissions import global_moderator_required
from moderation.selectors import appeal_url, queue_item_for_moderator
from safespace.refusals import Refused


def team_required(view):
    """The team's pages: global moderators, and admins for concerns (two-factor on, as everywhere)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_work_on_conversations(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@team_required
def team_list(request):
    lanes = selectors.lanes_for(request.user)
    lane = request.GET.get("lane") or lanes[0][0]
    if lane not in dict(lanes):
        raise Http404
    return render(
        request,
        "conversations/team_list.html",
        {
            "lanes": lanes,
            "lane": lane,
            "page": selectors.conversation_page_for_team(
                viewer=request.user, lane=lane, page_number=request.GET.get("page")
            ),
        },
    )


def _team_composer(request, *, situations, member, decision=None, initial_situation=None):
    """The moderator's message form. "Use this saved reply" fills the text box (after anything
    already typed) and shows the page again: nothing is sent until "Send". Returns (form, sending)."""
    form = TeamMessageForm(
        request.POST if request.method == "POST" else None,
        saved_replies=saved_replies_for(situations),
        initial={"body": ""},
    )
    if request.method == "POST" and request.POST.get("action") == "use-saved-reply":
        reply = form.chosen_saved_reply()
        typed = request.POST.get("body", "").rstrip()
        filled = fill(reply.body, member=member, decision=decision) if reply else ""
        data = request.POST.copy()
        data["body"] = f"{typed}\n\n{filled}".strip() if typed else filled
        form = TeamMessageForm(data, saved_replies=saved_replies_for(situations))
        form.is_valid()  # show the form as bound, with what was typed and the reply filled in
        form.errors.clear()
        if reply is None:
            form.add_error("saved_reply", _("Please choose a saved reply first."))
        return form, False
    if request.method != "POST" and initial_situation:
        reply = first_saved_reply(initial_situation)
        if reply is not None:
            form = TeamMessageForm(
                initial={"body": fill(reply.body, member=member, decision=decision), "saved_reply": str(reply.pk)},
                saved_replies=saved_replies_for(situations),
            )
    return form, request.method == "POST" and request.POST.get("action") == "send" and form.is_valid()


TEAM_SITUATIONS = [Situation.CHECK_IN, Situation.REMOVAL_FEEDBACK, Situation.WELCOME, Situation.OUT_OF_HOURS]


@team_required
def team_detail(request, pk):
    """The conversation as the team reads it, with the composer (saved replies filled in before
    sending). Claiming, releasing, closing and giving it to someone each post to their own view."""
    conversation = access_conversation_as_team(request.user, pk)
    form, sending = _team_composer(
        request, situations=TEAM_SITUATIONS, member=conversation.member, decision=conversation.decision
    )
    if sending:
        try:
            services.write_as_team(conversation, acting_user=request.user, body=form.cleaned_data["body"])
        except Refused as refusal:
            form.add_error("body", refusal.message)
        else:
            messages.success(request, _("Sent as the moderator team. The member has been told."))
            return redirect("conversations:team-detail", pk=conversation.pk)
    return _team_page(request, conversation, form=form)


def _team_page(request, conversation, *, form=None, assign_form=None):
    if form is None:  # the page shown again by another form's view: an empty composer
        form = TeamMessageForm(saved_replies=saved_replies_for(TEAM_SITUATIONS), initial={"body": ""})
    return render(
        request,
        "conversations/team_detail.html",
        {
            "conversation": conversation,
            "thread_messages": selectors.messages_for(conversation),
            "form": form,
            "assign_form": assign_form or AssignConversationForm(team=selectors.team_for_conversation(conversation)),
            "appeal_links": True,
        },
    )


@team_required
@require_POST
def team_assign(request, pk):
    conversation = access_conversation_as_team(request.user, pk)
    assign_form = AssignConversationForm(request.POST, team=selectors.team_for_conversation(conversation))
    if assign_form.is_valid():
        moderator = assign_form.cleaned_data["moderator"]
        try:
            given = services.assign_conversation(conversation, acting_user=request.user, moderator=moderator)
        except Refused as refusal:
            assign_form.add_error("moderator", refusal.message)
        else:
            if not given:
                messages.info(request, _("%(name)s has it already.") % {"name": moderator.display_name})
            elif moderator.pk == request.user.pk:
                messages.success(request, _("It's yours now. Others can see you have it."))
            else:
                messages.success(
                    request, _("Given to %(name)s, who has been told.") % {"name": moderator.display_name}
                )
            return redirect("conversations:team-detail", pk=conversation.pk)
    return _team_page(request, conversation, assign_form=assign_form)


@team_required
@require_POST
def team_claim(request, pk):
    conversation = access_conversation_as_team(request.user, pk)
    if services.claim_conversation(conversation, acting_user=request.user):
        messages.success(request, _("It's yours for now. Others can see you have it."))
    else:
        messages.info(request, _("Someone else has this one."))
    return redirect("conversations:team-detail", pk=conversation.pk)


@team_required
@require_POST
def team_release(request, pk):
    conversation = access_conversation_as_team(request.user, pk)
    if services.release_conversation(conversation, acting_user=request.user):
        messages.success(request, _("Released: anyone on the team can take it."))
    return redirect("conversations:team-detail", pk=conversation.pk)


@team_required
@require_POST
def team_close(request, pk):
    conversation = access_conversation_as_team(request.user, pk)
    if services.close_conversation(conversation, acting_user=request.user):
        messages.success(request, _("Closed. If the member writes again, it opens again."))
    return redirect("conversations:team-detail", pk=conversation.pk)


@global_moderator_required
def team_create(request):
    """A moderator writes to a member first: from their record (?member=), a post's moderation page
    (?post=) or a queue item (?item=). About an anonymous post, the member is never named here."""
    post = item = None
    if (item_id := request.GET.get("item", "")).isdigit():
        item = get_object_or_404(selectors.queue_items_for_team(), pk=item_id)
        post = item.post
    elif (post_id := request.GET.get("post", "")).isdigit():
        post = get_object_or_404(selectors.posts_for_team(), pk=post_id)
    if post is not None:
        member = post.author
    elif item is not None:
        member = item.member
    else:
        member = get_object_or_404(get_user_model(), username=request.GET.get("member", ""), is_active=True)
    form, sending = _team_composer(
        request,
        situations=TEAM_SITUATIONS,
        member=member,
        initial_situation=Situation.WELCOME if post is None and item is None else None,
    )
    if sending:
        try:
            conversation = services.start_conversation_as_team(
                member, acting_user=request.user, body=form.cleaned_data["body"], post=post, item=item
            )
        except Refused as refusal:
            form.add_error("body", refusal.message)
        else:
            messages.success(request, _("Sent as the moderator team. The member has been told."))
            return redirect("conversations:team-detail", pk=conversation.pk)
    return render(
        request,
        "conversations/team_create.html",
        {
            "form": form,
            "member": member,
            "post": post,
            "item": item,
            "anonymous": post is not None and post.is_anonymous,
        },
    )


@global_moderator_required
def check_in(request, pk):
    """ "Check in" on an urgent item: the check-in saved reply, filled in for the member, to edit and send."""
    item = queue_item_for_moderator(pk, viewer=request.user)
    member = item.post.author if item.post_id else item.member
    form, sending = _team_composer(
        request, situations=[Situation.CHECK_IN, Situation.WELCOME], member=member, initial_situation=Situation.CHECK_IN
    )
    if sending:
        try:
            conversation = services.check_in(item, acting_user=request.user, body=form.cleaned_data["body"])
        except Refused as refusal:
            form.add_error("body", refusal.message)
        else:
            messages.success(
                request,
                _("Checked in. The member can answer “I'm okay now” or “I'm still struggling”; you'll hear if "
                  "they're still struggling."),
            )  # fmt: skip
            return redirect("conversations:team-detail", pk=conversation.pk)
    return render(
        request,
        "conversations/check_in.html",
        {
            "form": form,
            "item": item,
            "anonymous": item.post_id is not None and item.post.is_anonymous,
            "member": member,
            "existing": selectors.check_in_conversation_for_item(item),
        },
    )


@global_moderator_required
def decision_note(request, pk):
    """Removal feedback: a personal note about a decision, sent into the member's conversation with
    the team, with the appeal link bound to that decision."""
    decision = get_object_or_404(
        ModerationAction.objects.select_related("post__thread", "post__author", "member"),
        pk=pk,
        verb__in=APPEALABLE_VERBS,
    )
    post = decision.post
    member = post.author if post is not None else decision.member
    if member is None:
        raise Http404
    form, sending = _team_composer(
        request,
        situations=[Situation.REMOVAL_FEEDBACK, Situation.WELCOME],
        member=member,
        decision=decision,
        initial_situation=Situation.REMOVAL_FEEDBACK,
    )
    if sending:
        try:
            conversation = services.send_decision_note(
                decision, acting_user=request.user, body=form.cleaned_data["body"]
            )
        except Refused as refusal:
            form.add_error("body", refusal.message)
        else:
            messages.success(
                request, _("Your note is sent, with the link to ask for the decision to be looked at again.")
            )
            return redirect("conversations:team-detail", pk=conversation.pk)
    return render(
        request,
        "conversations/decision_note.html",
        {
            "form": form,
            "decision": decision,
            "anonymous": post is not None and post.is_anonymous,
            "member": member,
            "appeal_url": appeal_url(decision),
        },
    )
