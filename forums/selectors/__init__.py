from accounts.models import User
from forums.selectors.threads import board_list_for_index

__all__ = ["board_list_for_index", "member_forum_data_for_export"]


def member_forum_data_for_export(user: User) -> dict:
    """The member's own forum content for their data export (anonymous posts included: they are
    theirs). Other members appear only by what they wrote publicly, never by an anonymous name."""
    from forums.models import Post, Reaction, ThreadFollow
    from forums.selectors.notifications import email_cadences_for, notification_headline

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
