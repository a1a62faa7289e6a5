"""Threads, and how far each member has read in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from forums.models.boards import Board

THREADS_PER_PAGE = 25


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hidden threads (a moderator's decision, or an opening post waiting for approval) and
        threads on boards the viewer may not read are left out, except for the thread's own author,
        who keeps seeing what they wrote."""
        threads = self.filter(board__in=Board.objects.visible_to(user))
        if getattr(user, "is_moderator", False):
            return threads
        if user.is_authenticated:
            return threads.filter(Q(is_hidden=False) | Q(author=user))
        return threads.filter(is_hidden=False)


class Thread(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=150)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    # Copied from the opening post so lists can name the starter without loading it.
    is_anonymous = models.BooleanField(default=False, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["board", "-is_pinned", "-last_activity_at"], name="thread_board_order"),
            models.Index(fields=["author", "-last_activity_at"], name="thread_author_recent"),
            models.Index(fields=["created_at"], condition=Q(reply_count=0, is_hidden=False), name="thread_waiting"),
            # Search leaves out the posts of hidden threads by id (forums/selectors/search.py).
            models.Index(fields=["id"], condition=Q(is_hidden=True), name="thread_hidden"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:thread-detail", kwargs={"pk": self.pk})


class ThreadReadState(models.Model):
    """The highest post position a member has seen in a thread, for "jump to first unread"."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "member"], name="one_read_state_per_thread")]
