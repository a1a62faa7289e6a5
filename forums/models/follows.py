"""Members following a thread (replies notify them) or a board (its new threads in their digest)."""

from django.conf import settings
from django.db import models

from forums.models.boards import Board
from forums.models.threads import Thread


class ThreadFollow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "member"], name="one_follow_per_thread")]


class BoardFollow(models.Model):
    """A member who wants new threads of this board in their daily digest."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "member"], name="one_follow_per_board")]
