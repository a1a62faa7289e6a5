from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.forms import EditPostForm, ReplyForm, ThreadForm
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
from moderation.pipeline import PostingRefused, Submission, render_preview


def _run_composer(request, form, *, submission, write, success_message):
    """The composer's two buttons. Preview: the exact HTML posting would publish. Post: the
    service writes it, or the pipeline's refusal is shown on the form with everything typed kept.
    `submission(data)` and `write(data)` receive the form's cleaned data. Returns (response, preview)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    data = form.cleaned_data
    try:
        if request.POST.get("action") == "preview":
            return None, render_preview(submission(data))
        written = write(data)
    except PostingRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return None, None
    messages.success(request, success_message)
    return redirect(written), None


@login_required
def thread_create(request, slug):
    board = access_board(request.user, slug)
    if not can_start_thread(request.user, board):
        raise PermissionDenied
    form = ThreadForm(request.POST or None)
    response, preview_html = _run_composer(
        request,
        form,
        submission=lambda data: Submission(
            author=request.user, kind="thread", body=data["body"], title=data["title"], board=board
        ),
        write=lambda data: create_thread(
            acting_user=request.user,
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
    return render(request, "forums/thread_create.html", {"board": board, "form": form, "preview_html": preview_html})


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
    if not can_reply(request.user, thread):
        messages.info(request, LOCKED_MESSAGE if thread.is_locked else _("Replies are closed here."))
        return redirect(thread)
    initial = {}
    if quote := request.GET.get("quote"):
        initial["body"] = _quote_for(request, thread, quote)
    form = ReplyForm(request.POST or None, initial=initial)
    response, preview_html = _run_composer(
        request,
        form,
        submission=lambda data: Submission(author=request.user, kind="reply", body=data["body"], thread=thread),
        write=lambda data: create_reply(
            thread,
            acting_user=request.user,
            body=data["body"],
            is_anonymous=data["is_anonymous"],
            content_warnings=data["content_warnings"],
            submission_token=data["submission_token"],
        ),
        success_message=_("Your reply is posted."),
    )
    if response:
        return response
    return render(request, "forums/reply_create.html", {"thread": thread, "form": form, "preview_html": preview_html})


@login_required
def post_edit(request, pk):
    post = access_post(request.user, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    form = EditPostForm(request.POST or None, initial={"body": post.body, "content_warnings": post.content_warnings})
    response, preview_html = _run_composer(
        request,
        form,
        submission=lambda data: Submission(
            author=request.user, kind="edit", body=data["body"], thread=post.thread, post=post
        ),
        write=lambda data: edit_post(
            post, acting_user=request.user, body=data["body"], content_warnings=data["content_warnings"]
        ),
        success_message=_("Your changes are saved."),
    )
    if response:
        return response
    return render(request, "forums/post_edit.html", {"post": post, "form": form, "preview_html": preview_html})


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
