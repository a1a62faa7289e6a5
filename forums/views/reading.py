from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from forums.forms import ReplyForm
from forums.permissions import access_board, access_thread, can_reply, can_start_thread
from forums.selectors import board_list_for_index
from forums.selectors.notifications import board_is_followed
from forums.selectors.threads import (
    first_unread_position,
    followed_thread_page,
    page_number_for_position,
    post_page_for_thread,
    read_position,
    thread_is_followed,
    thread_page_for_board,
    thread_page_for_member,
    thread_waits_for_approval,
)
from forums.services.posting import mark_thread_read
from moderation.permissions import can_moderate_board
from moderation.staffing import next_look_words
from resources.selectors import crisis_lines_for_reader, region_for_request


def board_list(request):
    return render(request, "forums/board_list.html", {"boards": board_list_for_index(viewer=request.user)})


def board_detail(request, slug):
    board = access_board(request.user, slug)
    page = thread_page_for_board(board=board, viewer=request.user, page_number=request.GET.get("page"))
    return render(
        request,
        "forums/board_detail.html",
        {
            "board": board,
            "page": page,
            "can_start_thread": can_start_thread(request.user, board),
            "is_following_board": board_is_followed(board=board, viewer=request.user),
        },
    )


def thread_detail(request, pk):
    thread = access_thread(request.user, pk)
    page = post_page_for_thread(thread=thread, viewer=request.user, page_number=request.GET.get("page"))
    already_read = read_position(thread=thread, viewer=request.user)
    unread = first_unread_position(thread=thread, viewer=request.user, read=already_read)
    if request.user.is_authenticated and page.object_list and page.object_list[-1].position > already_read:
        mark_thread_read(thread, member=request.user, up_to_position=page.object_list[-1].position)
    # Beside the author's own waiting post: when a moderator will look, and who answers now.
    waiting_help = None
    if any(post.is_pending_approval and post.author_id == request.user.pk for post in page.object_list):
        waiting_help = {
            "when": next_look_words(),
            "resources": crisis_lines_for_reader(region_for_request(request), next_url=request.path, limit=3),
        }
    return render(
        request,
        "forums/thread_detail.html",
        {
            "thread": thread,
            "board": thread.board,
            "page": page,
            "first_unread": unread,
            "is_following": thread_is_followed(thread=thread, viewer=request.user),
            "can_reply": can_reply(request.user, thread),
            "can_moderate": can_moderate_board(request.user, thread.board_id),
            "reply_form": ReplyForm(owner=request.user) if can_reply(request.user, thread) else None,
            "waiting_help": waiting_help,
            "waits_for_approval": thread_waits_for_approval(thread=thread),
        },
    )


def thread_unread(request, pk):
    """Jumps to the first post the member has not read yet (or the last page)."""
    thread = access_thread(request.user, pk)
    position = first_unread_position(thread=thread, viewer=request.user)
    if position is None:
        return redirect(f"{thread.get_absolute_url()}?page=last")
    page = page_number_for_position(position)
    return redirect(f"{thread.get_absolute_url()}?page={page}#position-{position}")


@login_required
def my_threads(request):
    page = thread_page_for_member(member=request.user, page_number=request.GET.get("page"))
    return render(request, "forums/my_threads.html", {"page": page})


@login_required
def following(request):
    page = followed_thread_page(member=request.user, page_number=request.GET.get("page"))
    return render(request, "forums/following.html", {"page": page})
