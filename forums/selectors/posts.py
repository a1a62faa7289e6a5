"""Reads of posts: a thread's page of posts (each with what the viewer may do with it), a post's
page, its edit history. Each selector issues a fixed number of queries, whatever the number of rows
it returns (the query-count tests hold them to it)."""

import math
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from forums.models import POSTS_PER_PAGE, HiddenPost, Post, Reaction, Thread
from forums.permissions import (
    can_ask_for_another_look,
    can_edit_post,
    can_hide_post_for_me,
    can_react_to_post,
    can_remove_post,
    can_reply,
    can_report_post,
    can_see_history,
)
from forums.selectors.post_html import attach_post_html
from forums.selectors.preferences import apply_reader_preferences
from moderation.models import APPEALABLE_VERBS, ModerationAction
from moderation.permissions import can_moderate_board


def posts_for_viewer(*, thread: Thread, viewer) -> QuerySet[Post]:
    return Post.objects.visible_to(viewer).filter(thread=thread)


class PositionPaginator:
    """Pages of a thread cut by post position: page N holds positions 20(N-1)+1 … 20N. Both the page
    and a post's page are found through the (thread, position) index, so the last page of a very
    long thread costs what the first does, and a permalink needs no counting."""

    def __init__(self, last_position: int):
        self.num_pages = max(1, math.ceil(last_position / POSTS_PER_PAGE))
        self.page_range = range(1, self.num_pages + 1)


@dataclass
class PositionPage:
    number: int
    paginator: PositionPaginator
    object_list: list

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.num_pages

    def has_other_pages(self):
        return self.paginator.num_pages > 1

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def page_number_for_position(position: int) -> int:
    return max(1, math.ceil(position / POSTS_PER_PAGE))


@dataclass(frozen=True)
class PostActions:
    """What one viewer may do with one post, decided here with forums.permissions so the templates
    only read it. A removed post offers nothing."""

    quote: bool = False
    react: bool = False
    edit: bool = False
    remove: bool = False
    hide_for_me: bool = False
    report: bool = False
    moderate: bool = False
    history: bool = False
    # The author of a hidden post may ask for the moderator's decision to be looked at again.
    appeal: bool = False
    # The author's own post waiting for approval: the page says when a moderator will look.
    waiting_help: bool = False
    # The author's own hidden post: "Message the moderators" about it, privately.
    message_moderators: bool = False


def actions_for_post(post: Post, *, viewer, replies_open: bool, moderates_board: bool) -> PostActions:
    """`replies_open` (can_reply for the post's thread) and `moderates_board` are asked once per
    page by the caller; everything else here reads the post and the viewer, with no query."""
    waiting_help = (
        post.is_pending_approval and not post.is_hidden and viewer.is_authenticated and post.author_id == viewer.pk
    )
    message_moderators = post.is_hidden and viewer.is_authenticated and post.author_id == viewer.pk
    if post.is_removed:
        return PostActions(
            appeal=can_ask_for_another_look(viewer, post),
            waiting_help=waiting_help,
            message_moderators=message_moderators,
        )
    return PostActions(
        quote=replies_open,
        react=can_react_to_post(viewer, post, replies_open=replies_open),
        edit=can_edit_post(viewer, post),
        remove=can_remove_post(viewer, post),
        hide_for_me=can_hide_post_for_me(viewer, post),
        report=can_report_post(viewer, post),
        moderate=moderates_board,
        history=can_see_history(viewer, post) and post.edited_at is not None,
        appeal=can_ask_for_another_look(viewer, post),
        waiting_help=waiting_help,
        message_moderators=message_moderators,
    )


# Stands for the post's id in the patterns PostLinks reverses once; no other part of these
# addresses holds digits.
_PK_PLACEHOLDER = "918273645"
_POST_LINK_NAMES = {
    "permalink": "forums:post-permalink",
    "react": "forums:post-react",
    "edit": "forums:post-edit",
    "remove": "forums:post-remove",
    "hide": "forums:post-hide",
    "history": "forums:post-history",
    "report": "moderation:report-post",
    "moderate": "moderation:post-moderate",
}


def post_address(view_name: str):
    """reverse(view_name, args=[pk]) for any post, from one reverse() for the whole page: the same
    address, without a reverse() per post."""
    before, after = reverse(view_name, args=[int(_PK_PLACEHOLDER)]).split(_PK_PLACEHOLDER)
    return lambda pk: f"{before}{pk}{after}"


class PostLinks:
    """The addresses of what a post offers, from patterns reversed once per page: the same
    addresses reverse() gives, without some two hundred reverse() calls on a page of posts."""

    def __init__(self, thread_id: int):
        self._addresses = {name: post_address(view) for name, view in _POST_LINK_NAMES.items()}
        self.quote_prefix = reverse("forums:reply-create", args=[thread_id]) + "?quote="

    def for_post(self, post: Post) -> dict[str, str]:
        links = {name: address(post.pk) for name, address in self._addresses.items()}
        links["quote"] = f"{self.quote_prefix}{post.pk}"
        return links


def attach_post_actions(posts: list[Post], *, viewer, thread: Thread) -> None:
    """Sets post.actions and post.links on each post of one thread for this viewer."""
    replies_open = can_reply(viewer, thread)
    moderates_board = can_moderate_board(viewer, thread.board_id)
    links = PostLinks(thread.pk)
    for post in posts:
        post.actions = actions_for_post(post, viewer=viewer, replies_open=replies_open, moderates_board=moderates_board)
        post.links = links.for_post(post)


# What a page of posts reads: not the Markdown source, the title kept for search or the submission
# token of each post (the page shows the stored HTML; hidden words are matched on the plain text),
# and of authors and reacters only what names them (templatetags/forum_tags.py), not whole rows.
_POST_FIELDS_UNREAD = {"body", "search_title", "submission_token"}
_POST_FIELDS_READ = tuple(field.name for field in Post._meta.concrete_fields if field.name not in _POST_FIELDS_UNREAD)
_AUTHOR_FIELDS_READ = ("author__id", "author__username", "author__removed_at", "author__is_active")


def _reactions_with_names() -> Prefetch:
    """Into post.reaction_list, a plain list: a related manager per post costs more than the page's
    own work (Post.received_reactions() reads either)."""
    return Prefetch(
        "reactions",
        queryset=Reaction.objects.select_related("member").only(
            "id", "post_id", "member_id", "kind", "member__id", "member__username", "member__removed_at"
        ),
        to_attr="reaction_list",
    )


def post_page_for_thread(*, thread: Thread, viewer, page_number) -> PositionPage:
    """One page of posts with authors and reactions, each post carrying its `presentation` for
    this viewer (content warnings and reading preferences) and its `actions`. Posts the viewer may
    not see leave their place empty rather than shifting later posts to other pages."""
    # Threads fetched through threads_for_reading() already carry it.
    last_position = getattr(thread, "last_position", None)
    if last_position is None:
        last_position = thread.posts.aggregate(last=Max("position"))["last"] or 0
    paginator = PositionPaginator(last_position)
    if page_number == "last":
        number = paginator.num_pages
    else:
        try:
            number = min(max(int(page_number), 1), paginator.num_pages)
        except (TypeError, ValueError):
            number = 1
    first = (number - 1) * POSTS_PER_PAGE + 1
    posts = posts_for_viewer(thread=thread, viewer=viewer)
    if viewer.is_authenticated:
        # "Hide this post for me", answered in the page's own query.
        posts = posts.annotate(hidden_by_viewer=Exists(HiddenPost.objects.filter(member=viewer, post=OuterRef("pk"))))
    posts = list(
        posts.filter(position__gte=first, position__lt=first + POSTS_PER_PAGE)
        .select_related("author")
        .only(*_POST_FIELDS_READ, *_AUTHOR_FIELDS_READ)
        .prefetch_related(_reactions_with_names())
        # The limit makes PostgreSQL walk the (thread, position) index and stop: without it, it
        # may guess that "position below 21" matches most posts of a long thread and read them all.
        .order_by("position")[:POSTS_PER_PAGE]
    )
    apply_reader_preferences(viewer, posts)
    _attach_appealable_decisions(posts, viewer=viewer)
    attach_post_actions(posts, viewer=viewer, thread=thread)
    attach_post_html(posts, viewer=viewer)
    return PositionPage(number=number, paginator=paginator, object_list=posts)


def post_with_reactions(*, post: Post, viewer) -> Post:
    """One post again, with its reactions and its `actions`, for the reactions block htmx swaps."""
    fresh = Post.objects.select_related("thread__board").prefetch_related(_reactions_with_names()).get(pk=post.pk)
    attach_post_actions([fresh], viewer=viewer, thread=fresh.thread)
    return fresh


def _attach_appealable_decisions(posts: list[Post], *, viewer) -> None:
    """Each of the viewer's own hidden posts carries `appeal_decision_id`: the moderator's decision
    it can ask about (none while it is only hidden after reports, before a moderator has looked).
    One query, and only on a page that shows the viewer a hidden post of theirs."""
    own_hidden = {post.pk: post for post in posts if post.is_hidden and post.author_id == viewer.pk}
    if not own_hidden:
        return
    decisions = ModerationAction.objects.filter(
        post_id__in=own_hidden, member=viewer, verb__in=APPEALABLE_VERBS, appeal__isnull=True
    ).order_by("created_at", "pk")
    for post_id, decision_id in decisions.values_list("post_id", "pk"):
        own_hidden[post_id].appeal_decision_id = decision_id  # the latest decision wins


def revisions_for_post(*, post: Post):
    return post.revisions.select_related("edited_by").order_by("-created_at")
