"""Every write the forum makes, one module per noun; this file only hands their names on, for the
other apps (accounts, moderation, resources) to import from one place."""

from forums.services.composer import preview_post
from forums.services.counters import forget_as_latest, post_became_public, thread_moved
from forums.services.follows import follow_board, follow_thread, unfollow_board, unfollow_thread
from forums.services.members import erase_member_posts, scrub_copies
from forums.services.posts import create_reply, edit_post, publish_held_post, remove_own_post
from forums.services.preferences import (
    add_hidden_word,
    hide_post_for_me,
    mute_member,
    remove_hidden_word,
    set_content_warning_choices,
    set_drafts_on_device,
    show_post_again,
    unmute_member,
)
from forums.services.reactions import toggle_reaction
from forums.services.threads import create_thread, mark_thread_read

__all__ = [
    "add_hidden_word",
    "create_reply",
    "create_thread",
    "edit_post",
    "erase_member_posts",
    "follow_board",
    "follow_thread",
    "forget_as_latest",
    "hide_post_for_me",
    "mark_thread_read",
    "mute_member",
    "post_became_public",
    "preview_post",
    "publish_held_post",
    "remove_hidden_word",
    "remove_own_post",
    "scrub_copies",
    "set_content_warning_choices",
    "set_drafts_on_device",
    "show_post_again",
    "thread_moved",
    "toggle_reaction",
    "unfollow_board",
    "unfollow_thread",
    "unmute_member",
]
