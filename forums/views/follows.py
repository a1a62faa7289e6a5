from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.permissions import access_board, access_thread
from forums.selectors.follows import followed_thread_page
from forums.services.follows import follow_board, follow_thread, unfollow_board, unfollow_thread


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


@login_required
@require_POST
def board_follow(request, slug):
    board = access_board(request.user, slug)
    if request.POST.get("follow") == "0":
        unfollow_board(board, member=request.user)
        messages.success(request, _("You no longer follow %(board)s.") % {"board": board.name})
    else:
        follow_board(board, member=request.user)
        messages.success(
            request,
            _("You follow %(board)s. Switch on the board digest in your email choices to get its new threads daily.")
            % {"board": board.name},
        )
    return redirect(board)


@login_required
def following(request):
    page = followed_thread_page(member=request.user, page_number=request.GET.get("page"))
    return render(request, "forums/following.html", {"page": page})
