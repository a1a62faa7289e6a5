"""Reads of boards."""

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value

from forums.models import Board, BoardFollow


def board_list_for_index(*, viewer) -> QuerySet[Board]:
    return Board.objects.visible_to(viewer).select_related("last_post__author", "last_post__thread")


def boards_for_reading(*, viewer) -> QuerySet[Board]:
    """Boards carrying `is_followed` for this viewer, answered in the board's own query."""
    if not viewer.is_authenticated:
        return Board.objects.annotate(is_followed=Value(False, BooleanField()))
    return Board.objects.annotate(is_followed=Exists(BoardFollow.objects.filter(board=OuterRef("pk"), member=viewer)))
