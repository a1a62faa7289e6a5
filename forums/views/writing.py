from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.forms import EditPostForm, ReplyForm, ThreadForm
from forums.models import Post
from forums.permissions import (
    LOCKED_MESSAGE,
    access_board,
    access_post,
    access_thread,
    can_edit_post,
    can_remove_post,
    can_reply,
    can_see_history,
    can_start_thread,
)
from forums.selectors.threads import revisions_for_post
from forums.services.posting import (
    create_reply,
    create_thread,
    edit_post,
    follow_thread,
    remove_own_post,
    unfollow_thread,
)
from forums.templatetags.forum_tags import author_name
from moderation.pipeline import (
    Acknowledged,
    PostingNeedsConfirmation,
    PostingRefused,
    Submission,
    has_crisis_signal,
    render_preview,
)
from moderation.services import restriction_for
from resources.selectors import crisis_resources_for_region, region_for_request


@dataclass(frozen=True)
class RefusedWithCrisisLines:
    """Shown above the composer in place of the crisis panel when a post that carries a crisis
    signal cannot be posted as it is (a suspension, an empty or over-long post): the kind message
    stays on the form, and the crisis lines are there with it. Nothing to acknowledge."""

    refused_in_crisis: bool = True
    crisis: bool = False
    hints: tuple = ()
    panels: tuple = ()


def _crisis_lines_with_the_refusal(request) -> dict:
    return {
        "confirmation": RefusedWithCrisisLines(),
        "crisis_resources": crisis_resources_for_region(region_for_request(request))[:4],
    }


def _refused_by_the_pipeline_instead(request) -> bool:
    """A member suspended while they were writing: their post goes on to the pipeline, which
    refuses it kindly with the text kept (and the crisis lines, if the words need them), rather
    than a redirect that loses the words."""
    return request.method == "POST" and request.user.is_active and restriction_for(request.user) is not None


def _run_composer(request, form, *, submission, write, success_message):
    """The composer's buttons. Preview: the exact HTML posting would publish. Post: the service
    writes it; or the pipeline asks first (gentle language hints, the crisis panel) and the form
    comes back with the panel and a way to post as written; or it refuses, kindly, with everything
    typed kept. `submission(data)` and `write(data, acknowledged)` receive the form's cleaned data.
    Returns (response, extra template context)."""
    if request.method != "POST":
        return None, {}
    if not form.is_valid():
        if has_crisis_signal(title=request.POST.get("title", ""), body=request.POST.get("body", "")):
            return None, _crisis_lines_with_the_refusal(request)
        return None, {}
    data = form.cleaned_data
    action = request.POST.get("action")
    acknowledged = Acknowledged(
        panels=frozenset(request.POST.getlist("acknowledged")), check_in_requested=action == "post-check-in"
    )
    try:
        if action == "preview":
            return None, {"preview_html": render_preview(submission(data))}
        written = write(data, acknowledged)
    except PostingNeedsConfirmation as question:
        context = {"confirmation": question}
        if question.crisis:
            context["crisis_resources"] = crisis_resources_for_region(region_for_request(request))[:4]
        return None, context
    except PostingRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return None, _crisis_lines_with_the_refusal(request) if refusal.crisis else {}
    post = written if isinstance(written, Post) else written.posts.order_by("position").first()
    if post is not None and post.is_pending_approval:
        messages.info(
            request,
            _(
                "Thank you. Your post is waiting for a quick review by a moderator, usually within a few hours. "
                "You can already see it; others will once it's approved."
            ),
        )
    elif acknowledged.check_in_requested:
        messages.success(request, _("Your post is up, and a moderator will check in with you soon. You're not alone."))
    else:
        messages.success(request, success_message)
    return redirect(written), {}


@login_required
def thread_create(request, slug):
    board = access_board(request.user, slug)
    if not can_start_thread(request.user, board) and not _refused_by_the_pipeline_instead(request):
        raise PermissionDenied
    form = ThreadForm(request.POST or None)
    response, composer_context = _run_composer(
        request,
        form,
        submission=lambda data: Submission(
            author=request.user, kind="thread", body=data["body"], title=data["title"], board=board
        ),
        write=lambda data, acknowledged: create_thread(
            acting_user=request.user,
            acknowledged=acknowledged,
            board=board,
            title=data["title"],
            body=data["body"],
            is_anonymous=data["is_anonymous"],
            content_warnings=data["content_warnings"],
            submission_token=data["submission_token"],
        ),
        success_message=_("Your thread is posted. Thank you for sharing."),
    )
    if response:
        return response
    return render(request, "forums/thread_create.html", {"board": board, "form": form, **composer_context})


def _quote_for(request, thread, quote_pk) -> str:
    try:
        quoted = access_post(request.user, int(quote_pk))
    except (ValueError, TypeError):
        return ""
    if quoted.thread_id != thread.pk or quoted.is_removed:
        return ""
    name = author_name(quoted, request.user, link=False)
    lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
    return _("> **%(name)s** wrote:\n") % {"name": name} + lines + "\n\n"


@login_required
def reply_create(request, pk):
    thread = access_thread(request.user, pk)
    writable = not (thread.is_locked or thread.is_hidden)
    if not can_reply(request.user, thread) and not (writable and _refused_by_the_pipeline_instead(request)):
        messages.info(request, LOCKED_MESSAGE if thread.is_locked else _("Replies are closed here."))
        return redirect(thread)
    initial = {}
    if quote := request.GET.get("quote"):
        initial["body"] = _quote_for(request, thread, quote)
    form = ReplyForm(request.POST or None, initial=initial)
    response, composer_context = _run_composer(
        request,
        form,
        submission=lambda data: Submission(author=request.user, kind="reply", body=data["body"], thread=thread),
        write=lambda data, acknowledged: create_reply(
            thread,
            acting_user=request.user,
            acknowledged=acknowledged,
            body=data["body"],
            is_anonymous=data["is_anonymous"],
            content_warnings=data["content_warnings"],
            submission_token=data["submission_token"],
        ),
        success_message=_("Your reply is posted."),
    )
    if response:
        return response
    return render(request, "forums/reply_create.html", {"thread": thread, "form": form, **composer_context})


@login_required
def post_edit(request, pk):
    post = access_post(request.user, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    form = EditPostForm(request.POST or None, initial={"body": post.body, "content_warnings": post.content_warnings})
    response, composer_context = _run_composer(
        request,
        form,
        submission=lambda data: Submission(
            author=request.user, kind="edit", body=data["body"], thread=post.thread, post=post
        ),
        write=lambda data, acknowledged: edit_post(
            post,
            acting_user=request.user,
            body=data["body"],
            content_warnings=data["content_warnings"],
            acknowledged=acknowledged,
        ),
        success_message=_("Your changes are saved."),
    )
    if response:
        return response
    return render(request, "forums/post_edit.html", {"post": post, "form": form, **composer_context})


def post_history(request, pk):
    post = access_post(request.user, pk)
    if not can_see_history(request.user, post):
        raise PermissionDenied
    return render(request, "forums/post_history.html", {"post": post, "revisions": revisions_for_post(post=post)})


@login_required
def post_remove(request, pk):
    post = access_post(request.user, pk)
    if not can_remove_post(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        remove_own_post(post, acting_user=request.user)
        messages.success(request, _("Your post is removed. Others now see that its author removed it."))
        return redirect(post)
    return render(request, "forums/post_remove.html", {"post": post})


@login_required
@require_POST
def thread_follow(request, pk):
    thread = access_thread(request.user, pk)
    if request.POST.get("follow") == "0":
        unfollow_thread(thread, member=request.user)
        messages.success(request, _("You won't be notified about this thread any more."))
    else:
        follow_thread(thread, member=request.user)
        messages.success(request, _("You're following this thread."))
    if request.POST.get("next") == "following":
        return redirect("forums:following")
    return redirect(thread)


def post_permalink(request, pk):
    from forums.selectors.threads import page_number_for_position

    post = access_post(request.user, pk)
    page = page_number_for_position(post.position)
    return redirect(f"{post.thread.get_absolute_url()}?page={page}#post-{post.pk}")
