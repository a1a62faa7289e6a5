from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from conversations import selectors, services
from conversations.forms import (
    CheckInAnswerForm,
    FollowUpForm,
    MemberReplyForm,
    ReportMessageForm,
    StartConversationForm,
    TeamMessageForm,
)
from conversations.models import Author, CheckInState, Situation, TeamMessage, Topic
from conversations.permissions import (
    access_conversation_as_member,
    access_conversation_as_team,
    can_work_on_conversations,
)
from conversations.saved_replies import fill, first_saved_reply, saved_replies_for
from conversations.services import decisions_about
from moderation.models import APPEALABLE_VERBS, ModerationAction
from moderation.permissions import global_moderator_required
from moderation.services import appeal_url
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


# --- Members ------------------------------------------------------------------------------------------


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
    from forums.models import Post

    post = decision = None
    if (post_id := request.GET.get("post", "")).isdigit():
        post = Post.objects.filter(pk=post_id, author=request.user).select_related("thread").first()
    if (decision_id := request.GET.get("decision", "")).isdigit():
        decision = decisions_about(request.user).filter(pk=decision_id).select_related("post__thread").first()
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
    conversation = access_conversation_as_member(request.user, pk)
    step = request.POST.get("form")
    reply_form = MemberReplyForm(request.POST if step == "reply" else None, prefix="reply")
    answer_form = CheckInAnswerForm(request.POST if step == "answer" else None, prefix="answer")
    if step == "reply" and reply_form.is_valid():
        try:
            services.write_as_member(conversation, acting_user=request.user, body=reply_form.cleaned_data["body"])
        except Refused as refusal:
            reply_form.add_error("body", refusal.message)
        else:
            messages.success(request, _("Sent. The moderator team will read it."))
            return redirect("conversations:conversation-detail", pk=conversation.pk)
    if step == "answer" and answer_form.is_valid():
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
                messages.success(
                    request,
                    _("Thank you for telling us. We've asked the moderators on shift to look again now. If you "
                      "need someone right away, the lines below answer."),
                )  # fmt: skip
            else:
                messages.success(request, _("Thank you for letting us know. We're glad. You can write here any time."))
            return redirect("conversations:conversation-detail", pk=conversation.pk)
    services.mark_read_by_member(conversation, member=request.user)
    context = {
        "conversation": conversation,
        "thread_messages": selectors.messages_for(conversation),
        "reply_form": reply_form,
        "answer_form": answer_form,
        "can_answer": conversation.check_in_state in (CheckInState.WAITING, CheckInState.UNANSWERED),
    }
    if conversation.topic == Topic.CHECK_IN:
        from resources.selectors import crisis_lines_for_reader, region_for_request

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
    form = FollowUpForm(request.POST if request.POST.get("form") == "answer" else None)
    if request.method == "POST" and request.POST.get("form") == "dismiss":
        services.dismiss_follow_up(prompt, acting_user=request.user)
        messages.success(request, _("All right. We won't ask again. You can always write to the moderators."))
        return redirect("forums:board-list")
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


# --- The team -----------------------------------------------------------------------------------------


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
    conversation = access_conversation_as_team(request.user, pk)
    step = request.POST.get("form")
    if step in ("claim", "release", "close"):
        action = {
            "claim": (services.claim_conversation, _("It's yours for now. Others can see you have it."),
                      _("Someone else has this one.")),
            "release": (services.release_conversation, _("Released: anyone on the team can take it."), ""),
            "close": (services.close_conversation, _("Closed. If the member writes again, it opens again."), ""),
        }  # fmt: skip
        service, done, missed = action[step]
        if service(conversation, acting_user=request.user):
            messages.success(request, done)
        elif missed:
            messages.info(request, missed)
        return redirect("conversations:team-detail", pk=conversation.pk)
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
    return render(
        request,
        "conversations/team_detail.html",
        {
            "conversation": conversation,
            "thread_messages": selectors.messages_for(conversation),
            "form": form,
            "appeal_links": True,
        },
    )


@global_moderator_required
def team_create(request):
    """A moderator writes to a member first: from their record (?member=), a post's moderation page
    (?post=) or a queue item (?item=). About an anonymous post, the member is never named here."""
    from forums.models import Post
    from moderation.models import QueueItem

    post = item = None
    if (item_id := request.GET.get("item", "")).isdigit():
        item = get_object_or_404(QueueItem.objects.select_related("post__author", "member"), pk=item_id)
        post = item.post
    elif (post_id := request.GET.get("post", "")).isdigit():
        post = get_object_or_404(Post.objects.select_related("author", "thread"), pk=post_id)
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
    from moderation.selectors import queue_item_for_moderator

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
