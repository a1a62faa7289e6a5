"""Following a thread (replies notify the member) or a board (its new threads in their digest)."""

from forums.models import Board, BoardFollow, Thread, ThreadFollow


def follow_thread(thread: Thread, *, member) -> bool:
    """Returns True when the member was not following before."""
    _, created = ThreadFollow.objects.get_or_create(thread=thread, member=member)
    return created


def unfollow_thread(thread: Thread, *, member) -> bool:
    deleted, _ = ThreadFollow.objects.filter(thread=thread, member=member).delete()
    return bool(deleted)


def follow_board(board: Board, *, member) -> bool:
    _, created = BoardFollow.objects.get_or_create(board=board, member=member)
    return created


def unfollow_board(board: Board, *, member) -> bool:
    deleted, _ = BoardFollow.objects.filter(board=board, member=member).delete()
    return bool(deleted)
