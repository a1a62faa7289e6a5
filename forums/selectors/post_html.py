"""Each post of a thread's page as finished HTML, kept in the cache so a page of twenty posts is not
twenty template renders for every reader.

What a post shows depends on the post (its words, warnings, state, author and reactions) and on a
little of the reader: whether they wrote it, what their reading settings fold away, which kind words
they sent, what they may do with it. The cache key is a digest of all of that, so every reader who
would see the same HTML shares one copy (every visitor, most members), a change to the post or to
the reader gives another key, and nothing ever needs forgetting; old copies expire.

The one thing a kept copy must not hold is the reader's CSRF token: posts are rendered with
a placeholder in its place (csrf_placeholder()), and the page puts the reader's own token in
(forum_tags.with_csrf_token).
A post that shows its author "while you wait" help is rendered by the page itself, with that help."""

import hashlib

from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from forums.models import Post
from forums.naming import author_words
from safespace import fragments

POST_HTML_SECONDS = 6 * 60 * 60
BYLINE_SECONDS = 24 * 60 * 60


def csrf_placeholder() -> str:
    return fragments.placeholder("csrf")


def _byline_key(post: Post) -> str:
    shown = (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        post.created_at.isoformat(),
        # As the byline names the author: for an anonymous post nothing of who wrote it.
        author_words(post, None),
    )
    return f"forums:post-byline:{post.pk}:{fragments.digest(shown)}"


def attach_post_bylines(posts: list[Post]) -> None:
    """Sets post.byline_html (a named author's name and profile link, the date, the permalink: the
    same for every reader) on each post, which carries `links`: read from the cache in one call, the
    missing ones rendered (forums/partials/_post_byline.html) and kept."""
    if not posts:
        return
    keys = {post.pk: _byline_key(post) for post in posts}
    found = fragments.get_many(list(keys.values()))
    rendered = {}
    for post in posts:
        html = found.get(keys[post.pk])
        if html is None:
            html = render_to_string(
                "forums/partials/_post_byline.html", {"post": post, "permalink": post.links["permalink"]}
            )
            rendered[keys[post.pk]] = html
        post.byline_html = mark_safe(html)  # noqa: S308 (our own template's output)
    fragments.set_many(rendered, BYLINE_SECONDS)


def _reactions_shown(post: Post, *, viewer_id, is_author: bool) -> tuple:
    """The reactions as forums/partials/_post_reactions.html shows them to this reader: which kinds
    the post received, which this reader sent, and (to the author only) who sent them."""
    return tuple(
        sorted(
            (reaction.kind, reaction.member_id == viewer_id, reaction.member.display_name if is_author else "")
            for reaction in post.received_reactions()
        )
    )


def _post_key(post: Post, *, viewer, language: str, zone: str) -> str:
    viewer_id = viewer.pk if viewer.is_authenticated else None
    is_author = viewer_id is not None and viewer_id == post.author_id
    presentation = post.presentation
    shown = (
        language,
        zone,
        viewer.is_authenticated,
        is_author,
        post.thread_id,
        post.position,
        post.is_anonymous,
        post.created_at.isoformat(),
        timesince(post.edited_at) if post.edited_at else "",
        post.is_removed,
        post.is_hidden,
        post.hidden_reason,
        post.is_pending_approval,
        tuple(post.content_warnings or ()),
        hashlib.blake2b(post.body_html.encode(), digest_size=16).hexdigest(),
        author_words(post, viewer),
        (presentation.mode, tuple(str(reason) for reason in presentation.reasons), presentation.hidden_by_reader),
        post.actions,
        getattr(post, "appeal_decision_id", None),
        _reactions_shown(post, viewer_id=viewer_id, is_author=is_author),
    )
    return f"forums:post-html:{post.pk}:{fragments.digest(shown)}"


def attach_post_html(posts: list[Post], *, viewer) -> None:
    """Sets post.html on each post (which carries `presentation`, `actions` and `links`): the whole
    <article> as this reader sees it, with csrf_placeholder() for their token. One cache read for the
    page; only the posts not found are rendered. Posts showing "while you wait" help get None."""
    language = translation.get_language()
    zone = timezone.get_current_timezone_name()
    keys = {post.pk: _post_key(post, viewer=viewer, language=language, zone=zone) for post in posts}
    found = fragments.get_many(list(keys.values()))
    missing = [post for post in posts if keys[post.pk] not in found]
    attach_post_bylines(missing)
    template = get_template("forums/partials/_post.html")
    rendered = {}
    for post in posts:
        if post.actions.waiting_help:
            post.html = None
            continue
        html = found.get(keys[post.pk])
        if html is None:
            html = template.render({"post": post, "viewer": viewer, "csrf_token": csrf_placeholder()})
            rendered[keys[post.pk]] = html
        post.html = mark_safe(html)  # noqa: S308 (our own template's output)
    fragments.set_many(rendered, POST_HTML_SECONDS)
