from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from forums.composer_session import edit_submission
from forums.forms.composer import PREVIEW
from forums.forms.posts import EditPostForm, ReplyForm
from forums.models import Post
from forums.permissions import (
    LOCKED_MESSAGE,
    access_post,
    access_thread,
    can_edit_post,
    can_remove_post,
    can_reply,
    can_see_history,
    reply_starts_anonymous,
)
from forums.selectors.posts import page_number_for_position, revisions_for_post
from forums.services.composer import preview_post
from forums.services.posts import create_reply, edit_post, remove_own_post
from forums.templatetags.forum_tags import author_name
from forums.views.composer import (
    after_refusal,
    after_writing,
    before_writing,
    composer_login_required,
    refused_by_the_pipeline_instead,
    with_kept_words,
)
from moderation.pipeline import PostingRefused


def _quoted_post(request, thread, quote_pk) -> Post | None:
    try:
        quoted = access_post(request.user, int(quote_pk))
    except (ValueError, TypeError, Http404):
        return None  # a post the reader can't see (or never existed) just opens an empty composer
    if quoted.thread_id != thread.pk or quoted.is_removed:
        return None
    return quoted


def _quote_text(quoted: Post) -> str:
    # Named for everyone alike (viewer=None): an anonymous post is "Anonymous member" even to its
    # author, whose reply others will read.
    name = author_name(quoted, None, link=False)
    lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
    return _("> **%(name)s** wrote:\n") % {"name": name} + lines + "\n\n"


@composer_login_required
def reply_create(request, pk):
    thread = access_thread(request.user, pk)
    writable = not (thread.is_locked or thread.is_hidden)
    if not can_reply(request.user, thread) and not (writable and refused_by_the_pipeline_instead(request)):
        messages.info(request, LOCKED_MESSAGE if thread.is_locked else _("Replies are closed here."))
        return redirect(thread)
    initial = {}
    quoted = _quoted_post(request, thread, request.GET.get("quote"))
    if quoted is not None:
        initial["body"] = _quote_text(quoted)
    if reply_starts_anonymous(request.user, thread=thread, quoted=quoted):
        initial["is_anonymous"] = True
    form = ReplyForm(request.POST or None, initial=with_kept_words(request, initial), owner=request.user)
    context = before_writing(request, form)
    if context is None:
        data = form.cleaned_data
        try:
            if form.action_chosen == PREVIEW:
                preview_html = preview_post(acting_user=request.user, kind="reply", body=data["body"], thread=thread)
                context = {"preview_html": preview_html}
            else:
                post = create_reply(
                    thread,
                    acting_user=request.user,
                    acknowledged=form.acknowledged_panels,
                    body=data["body"],
                    is_anonymous=data["is_anonymous"],
                    content_warnings=data["content_warnings"],
                    submission_token=data["submission_token"],
                )
                return after_writing(
                    request,
                    form,
                    post,
                    submission=str(data["submission_token"] or ""),
                    success_message=_("Your reply is posted."),
                    to=post,
                )
        except PostingRefused as refusal:
            context = after_refusal(request, form, refusal)
    return render(request, "forums/reply_create.html", {"thread": thread, "form": form, **context})


@composer_login_required
def post_edit(request, pk):
    post = access_post(request.user, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    form = EditPostForm(
        request.POST or None,
        initial=with_kept_words(request, {"body": post.body, "content_warnings": post.content_warnings}),
        owner=request.user,
    )
    context = before_writing(request, form)
    if context is None:
        data = form.cleaned_data
        try:
            if form.action_chosen == PREVIEW:
                context = {
                    "preview_html": preview_post(
                        acting_user=request.user, kind="edit", body=data["body"], thread=post.thread, post=post
                    )
                }
            else:
                edited = edit_post(
                    post,
                    acting_user=request.user,
                    body=data["body"],
                    content_warnings=data["content_warnings"],
                    acknowledged=form.acknowledged_panels,
                )
                return after_writing(
                    request,
                    form,
                    edited,
                    submission=edit_submission(post.pk),
                    success_message=_("Your changes are saved."),
                    to=edited,
                )
        except PostingRefused as refusal:
            context = after_refusal(request, form, refusal)
    return render(request, "forums/post_edit.html", {"post": post, "form": form, **context})


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


def post_permalink(request, pk):
    post = access_post(request.user, pk)
    page = page_number_for_position(post.position)
    return redirect(f"{post.thread.get_absolute_url()}?page={page}#post-{post.pk}")
