from django.db.models import Q
from django.utils import timezone

from accounts.models import User


def erase_member_posts(user: User, *, remove: bool) -> None:
    """Called when a member deletes their account, inside that transaction, before their pseudonym
    changes.

    remove=True empties the text of every post they wrote (others' replies stay readable, and a
    thread they started keeps its place with "This post was removed by its author"), and quotes of
    those posts in other members' posts become "[removed]"; remove=False leaves the posts, which then
    show "Removed member" as their author. Either way their pseudonym leaves others' quote headers
    and @mentions."""
    from forums.models import Post, PostRevision, Thread
    from forums.services.erasure import scrub_copies
    from forums.services.posting import forget_as_latest

    posts = Post.objects.filter(author=user)
    if remove:
        # Earlier versions were theirs too, and may have been quoted before an edit.
        bodies = [
            *posts.values_list("body", flat=True),
            *PostRevision.objects.filter(post__author=user).values_list("body", flat=True),
        ]
        thread_ids = set(posts.values_list("thread_id", flat=True))
    else:
        bodies, thread_ids = [], set()
    scrub_copies(author=user, removed_bodies=bodies, thread_ids=thread_ids, names=[user.username])
    if not remove:
        return
    now = timezone.now()
    removed_ids = list(posts.values_list("pk", flat=True))
    posts.update(body="", body_html="", body_text="", removed_by_author_at=now)
    forget_as_latest(removed_ids)
    PostRevision.objects.filter(post__author=user).delete()
    # A title can say as much as a post: threads they started get a neutral one.
    Thread.objects.filter(Q(author=user)).update(title="Removed thread")
    Post.objects.filter(thread__author=user, position=1).update(search_title="Removed thread")
