"""A member's pages: their conversations with the moderator team, "Message the moderators", a
check-in's answer, reporting a team message to the admins, and the one follow-up prompt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import selectors, services
from conversations.forms import (
    CheckInAnswerForm,
    FollowUpForm,
    MemberReplyForm,
    ReportMessageForm,
    StartConversationForm,
)
from conversations.models import Author, CheckInState, TeamMessage, Topic
from conversations.permissions import access_conversation_as_member
from moderation.staffing import moderators_on_duty, next_look_words
from resources.selectors import crisis_lines_for_reader, region_for_request
from safespace.refusals import Refused


@login_required
def inbox(request):
    return render(
        request,
        "conversations/conversation_list.html",
        {"conversations": selectors.conversation_list_for_member(request.user)},
    )


def _own_post_or_decision(request):
    """What "Message the moderators" was opened from: one of the member's own posts, or a decision
    about them (a link from a hidden post or a decision notice). Anything else is ignored."""
    post = decision = None
    if (post_id := request.GET.get("post", "")).isdigit():
        post = selectors.own_post_for_member(post_id, member=request.user)
    if (decision_id := request.GET.get("decision", "")).isdigit():
        decision = selectors.decision_about_member(decision_id, member=request.user)
    return post, decision


@login_required
def conversation_create(request):
    post, decision = _own_post_or_decision(request)
    form = StartConversationForm(request.POST or None, about_decision=bool(post or decision))
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_conversation_as_member(
                acting_user=request.user,
                topic=form.cleaned_data["topic"],
                body=form.cleaned_data["body"],
                post=post,
                decision=decision,
            )
        except Refused as refusal:
            form.add_error("body", refusal.message)
        else:
            if conversation.topic == Topic.CONCERN:
                messages.success(request, _("Sent to the site's admins. They will write back to you here."))
            else:
                messages.success(request, _("Sent. The moderator team will write back to you here."))
            return redirect("conversations:conversation-detail", pk=conversation.pk)
    return render(request, "conversations/conversation_create.html", {"form": form, "post": post, "decision": decision})


@login_required
def conversation_detail(request, pk):
    """The member's side of a conversation, and their reply. A check-in's answer posts to its own view."""
    conversation = access_conversation_as_member(request.user, pk)
    reply_form = MemberReplyForm(request.POST if request.method == "POST" else None, prefix="reply")
    if reply_form.is_bound and reply_form.is_valid():
        try:
            services.write_as_member(conversation, acting_user=request.user, body=reply_form.cleaned_data["body"])
        except Refused as refusal:
            reply_form.add_error("body", refusal.message)
        else:
            messages.success(request, _("Sent. The moderator team will read it."))
            return redirect("conversations:conversation-detail", pk=conversation.pk)
    return _conversation_page(request, conversation, reply_form=reply_form)


@login_required
@require_POST
def check_in_answer(request, pk):
    """ "I'm okay now" or "I'm still struggling", with anything the member adds."""
    conversation = access_conversation_as_member(request.user, pk)
    answer_form = CheckInAnswerForm(request.POST, prefix="answer")
    if answer_form.is_valid():
        try:
            services.answer_check_in(
                conversation,
                acting_user=request.user,
                answer=answer_form.cleaned_data["answer"],
                body=answer_form.cleaned_data["body"],
            )
        except Refused as refusal:
            answer_form.add_error("body", refusal.message)
        else:
            if answer_form.cleaned_data["answer"] == "struggling":
                messages.success(request, still_struggling_words())
            else:
                messages.success(request, _("Thank you for letting us know. We're glad. You can write here any time."))
            return redirect("conversations:conversation-detail", pk=conversation.pk)
    return _conversation_page(request, conversation, answer_form=answer_form)


def _conversation_page(request, conversation, *, reply_form=None, answer_form=None):
    services.mark_read_by_member(conversation, member=request.user)
    context = {
        "conversation": conversation,
        "thread_messages": selectors.messages_for(conversation),
        "reply_form": reply_form or MemberReplyForm(prefix="reply"),
        "answer_form": answer_form or CheckInAnswerForm(prefix="answer"),
        "can_answer": conversation.check_in_state in (CheckInState.WAITING, CheckInState.UNANSWERED),
    }
    if conversation.topic == Topic.CHECK_IN:
        context["crisis_resources"] = crisis_lines_for_reader(region_for_request(request), limit=3)
    return render(request, "conversations/conversation_detail.html", context)


@login_required
def message_report(request, pk, message_pk):
    conversation = access_conversation_as_member(request.user, pk)
    message = get_object_or_404(TeamMessage, pk=message_pk, conversation=conversation, written_as=Author.TEAM)
    form = ReportMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_team_message(message, acting_user=request.user, note=form.cleaned_data["note"])
        except Refused as refusal:
            messages.info(request, refusal.message)
        else:
            messages.success(request, _("Thank you. The site's admins will look at it; moderators don't see this."))
        return redirect("conversations:conversation-detail", pk=conversation.pk)
    return render(
        request, "conversations/message_report.html", {"conversation": conversation, "message": message, "form": form}
    )


@login_required
def follow_up(request, pk):
    prompt = selectors.follow_up_for_member(pk, member=request.user)
    if prompt is None:
        raise Http404
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            conversation = services.answer_follow_up(
                prompt,
                acting_user=request.user,
                how=form.label_for(form.cleaned_data["how"]),
                body=form.cleaned_data["body"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you for telling us. Only the moderator team reads it."))
            return redirect("conversations:conversation-detail", pk=conversation.pk)
    return render(request, "conversations/follow_up.html", {"prompt": prompt, "form": form})


@login_required
@require_POST
def follow_up_dismiss(request, pk):
    prompt = selectors.follow_up_for_member(pk, member=request.user)
    if prompt is None:
        raise Http404
    services.dismiss_follow_up(prompt, acting_user=request.user)
    messages.success(request, _("All right. We won't ask again. You can always write to the moderators."))
    return redirect("forums:board-list")


def still_struggling_words() -> str:
    """What a member reads after "I'm still struggling": honest about when a person will look."""
    if moderators_on_duty():
        return _(
            "Thank you for telling us. We've asked the moderators on shift to look again now. If you need "
            "someone right away, the lines below answer."
        )
    return _(
        "Thank you for telling us. We've told the moderators, and your conversation is at the top of their "
        "list. %(when)s If you need someone right away, the lines below answer."
    ) % {"when": next_look_words()}
