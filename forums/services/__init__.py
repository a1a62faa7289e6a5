from django.db.models import Q
from django.utils import timezone

from accounts.models import User


def erase_member_posts(user: User, *, remove: bool) -> None:
    """Called when a member deletes their account, inside that transaction.

    remove=True empties the text of every post they wrote (others' replies stay readable, and a
    thread they started keeps its place with "This post was removed by its author"); remove=False
    leaves the posts, which then show "Removed member" as their author."""
    from forums.models import Post, PostRevision, Thread

    if not remove:
        return
    now = timezone.now()
    Post.objects.filter(author=user).update(body="", body_html="", body_text="", removed_by_author_at=now)
    PostRevision.objects.filter(post__author=user).delete()
    # A title can say as much as a post: threads they started get a neutral one.
    Thread.objects.filter(Q(author=user)).update(title="Removed thread")
