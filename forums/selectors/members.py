"""What the forum holds of one member, for their data export."""

from accounts.models import User
from forums.models import EmailDelivery, Post, PostRevision, Reaction, Thread, ThreadFollow, ThreadReadState
from forums.notifications.selectors import email_cadences_for, notification_headline


def member_forum_data_for_export(user: User) -> dict:
    """The member's own forum content for their data export (anonymous posts included: they are
    theirs). Other members appear only by what they wrote publicly, never by an anonymous name."""
    posts = Post.objects.filter(author=user).select_related("thread__board").order_by("created_at")
    reactions = Reaction.objects.filter(member=user).select_related("post__thread").order_by("created_at")
    follows = ThreadFollow.objects.filter(member=user).select_related("thread").order_by("created_at")
    return {
        "posts": [
            {
                "thread": post.thread.title,
                "board": post.thread.board.name,
                "position": post.position,
                "url": post.get_absolute_url(),
                "created": post.created_at.isoformat(),
                "edited": post.edited_at.isoformat() if post.edited_at else None,
                "removed": post.removed_by_author_at.isoformat() if post.removed_by_author_at else None,
                "anonymous": post.is_anonymous,
                "content_warnings": post.content_warnings,
                "body": post.body,
            }
            for post in posts
        ],
        "threads_started": [
            {
                "title": thread.title,
                "board": thread.board.name,
                "url": thread.get_absolute_url(),
                "created": thread.created_at.isoformat(),
                "anonymous": thread.is_anonymous,
            }
            for thread in Thread.objects.filter(author=user).select_related("board").order_by("created_at")
        ],
        # Every earlier version of their posts, including a moderator's edits of them (the member's
        # original words are theirs). Revisions a moderator made of other members' posts are not.
        "edit_history": [
            {
                "post_url": revision.post.get_absolute_url(),
                "body_before_edit": revision.body,
                "replaced": revision.created_at.isoformat(),
                "edited_by_you": revision.edited_by_id == user.pk,
            }
            for revision in PostRevision.objects.filter(post__author=user).select_related("post").order_by("pk")
        ],
        "reading_positions": [
            {"thread_url": state.thread.get_absolute_url(), "last_read_post_number": state.last_read_position}
            for state in ThreadReadState.objects.filter(member=user).select_related("thread").order_by("pk")
        ],
        "emails": [
            {
                "kind": delivery.kind,
                "status": delivery.status,
                "created": delivery.created_at.isoformat(),
                "sent": delivery.sent_at.isoformat() if delivery.sent_at else None,
            }
            for delivery in EmailDelivery.objects.filter(recipient=user).order_by("pk")
        ],
        "reactions": [
            {
                "post_url": reaction.post.get_absolute_url(),
                "kind": reaction.kind,
                "created": reaction.created_at.isoformat(),
            }
            for reaction in reactions
        ],
        "followed_threads": [
            {"thread": follow.thread.title, "since": follow.created_at.isoformat()} for follow in follows
        ],
        "reading_settings": {
            "content_warnings": dict(user.cw_preferences.values_list("warning", "choice")),
            "hidden_words": list(user.hidden_words.values_list("word", flat=True)),
            "muted_members": list(user.mutes.values_list("muted__username", flat=True)),
            "hidden_posts": [
                hidden.post.get_absolute_url() for hidden in user.hidden_posts.select_related("post").order_by("pk")
            ],
        },
        "followed_boards": [
            {"board": follow.board.name, "since": follow.created_at.isoformat()}
            for follow in user.board_follows.select_related("board").order_by("created_at")
        ],
        "notification_settings": {
            "email": email_cadences_for([user.pk])[user.pk],
            "paused_until": user.notifications_paused_until.isoformat() if user.notifications_paused_until else None,
            "paused_until_i_return": user.notifications_paused_until_return,
        },
        # What the bell said, in the words the member saw (anonymous authors stay "A member").
        "notifications": [
            {
                "kind": notification.kind,
                "text": notification_headline(notification),
                "link": notification.link,
                "created": notification.created_at.isoformat(),
                "read": notification.read_at.isoformat() if notification.read_at else None,
            }
            for notification in user.notifications.select_related("actor", "post__thread__board").order_by("pk")
        ],
    }
