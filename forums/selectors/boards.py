"""Reads of boards."""

from django.db.models import QuerySet

from forums.models import Board


def board_list_for_index(*, viewer) -> QuerySet[Board]:
    return Board.objects.visible_to(viewer).select_related("last_post__author", "last_post__thread")
