from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from forums.forms.composer import PREVIEW
from forums.forms.posts import ReplyForm
from forums.forms.threads import ThreadForm
from forums.permissions import access_board, access_thread, can_reply, can_start_thread
from forums.selectors.posts import page_number_for_position, post_page_for_thread
from forums.selectors.threads import (
    thread_page_for_member,
    thread_waits_for_approval,
    threads_for_reading,
    waiting_thread_page,
)
from forums.services.composer import preview_post
from forums.services.threads import create_thread, mark_thread_read
from forums.views.composer import (
    after_refusal,
    after_writing,
    before_writing,
    composer_login_required,
    refused_by_the_pipeline_instead,
    with_kept_words,
)
from moderation.pipeline import PostingRefused
from moderation.staffing import next_look_words
from resources.selectors import crisis_lines_for_reader, region_for_request


def thread_detail(request, pk):
    thread = access_thread(request.user, pk, threads=threads_for_reading(viewer=request.user))
    page = post_page_for_thread(thread=thread, viewer=request.user, page_number=request.GET.get("page"))
    if request.user.is_authenticated and page.object_list and page.object_list[-1].position > thread.read_up_to:
        mark_thread_read(thread, member=request.user, up_to_position=page.object_list[-1].position)
    # Beside the author's own waiting post: when a moderator will look, and who answers now.
    waiting_help = None
    if any(post.actions.waiting_help for post in page.object_list):
        waiting_help = {
            "when": next_look_words(),
            "resources": crisis_lines_for_reader(region_for_request(request), next_url=request.path, limit=3),
        }
    replies_open = can_reply(request.user, thread)
    return render(
        request,
        "forums/thread_detail.html",
        {
            "thread": thread,
            "board": thread.board,
            "page": page,
            "first_unread": thread.first_unread,
            "is_following": thread.is_followed,
            "can_reply": replies_open,
            "reply_form": ReplyForm(owner=request.user) if replies_open else None,
            "waiting_help": waiting_help,
            "waits_for_approval": thread_waits_for_approval(thread=thread),
        },
    )


def thread_unread(request, pk):
    """Jumps to the first post the member has not read yet (or the last page)."""
    thread = access_thread(request.user, pk, threads=threads_for_reading(viewer=request.user))
    position = thread.first_unread
    if position is None:
        return redirect(f"{thread.get_absolute_url()}?page=last")
    page = page_number_for_position(position)
    return redirect(f"{thread.get_absolute_url()}?page={page}#position-{position}")


@composer_login_required
def thread_create(request, slug):
    board = access_board(request.user, slug)
    if not can_start_thread(request.user, board) and not refused_by_the_pipeline_instead(request):
        raise PermissionDenied
    form = ThreadForm(request.POST or None, initial=with_kept_words(request, {}), owner=request.user)
    context = before_writing(request, form)
    if context is None:
        data = form.cleaned_data
        try:
            if form.action_chosen == PREVIEW:
                context = {
                    "preview_html": preview_post(
                        acting_user=request.user, kind="thread", body=data["body"], title=data["title"], board=board
                    )
                }
            else:
                post = create_thread(
                    acting_user=request.user,
                    acknowledged=form.acknowledged_panels,
                    board=board,
                    title=data["title"],
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
                    success_message=_("Your thread is posted. Thank you for sharing."),
                    to=post.thread,
                )
        except PostingRefused as refusal:
            context = after_refusal(request, form, refusal)
    return render(request, "forums/thread_create.html", {"board": board, "form": form, **context})


@login_required
def my_threads(request):
    page = thread_page_for_member(member=request.user, page_number=request.GET.get("page"))
    return render(request, "forums/my_threads.html", {"page": page})


def waiting_list(request):
    page = waiting_thread_page(viewer=request.user, page_number=request.GET.get("page"))
    return render(request, "forums/waiting_list.html", {"page": page})
