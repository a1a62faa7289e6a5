from django.shortcuts import render

from forums.permissions import access_board, can_start_thread
from forums.selectors.boards import board_list_for_index, boards_for_reading
from forums.selectors.threads import thread_page_for_board


def board_list(request):
    return render(request, "forums/board_list.html", {"boards": board_list_for_index(viewer=request.user)})


def board_detail(request, slug):
    board = access_board(request.user, slug, boards=boards_for_reading(viewer=request.user))
    page = thread_page_for_board(board=board, viewer=request.user, page_number=request.GET.get("page"))
    return render(
        request,
        "forums/board_detail.html",
        {
            "board": board,
            "page": page,
            "can_start_thread": can_start_thread(request.user, board),
            "is_following_board": board.is_followed,
        },
    )
