"""What happens to a member's words when they remove a post or delete their account.

What a member removes stays removed where others copied it: the Quote button copies a post's words
into the reply, under "> **name** wrote:", and a member's pseudonym sits in others' quotes and
@mentions. These rewrite other members' posts (and their earlier versions) so neither survives,
then render them again through the same sanitiser as at posting time."""

import re
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forums.models import Post, PostRevision, Thread
from forums.services.counters import forget_as_latest
from moderation.sanitise import plain_text, render_member_markdown

QUOTE_HEADER = re.compile(r"^\*\*(?P<name>.+?)\*\* wrote:\s*$")


def _quoted_runs(lines: list[str]):
    """(start, end) of each run of consecutive "> " lines (a Markdown blockquote)."""
    start = None
    for index, line in enumerate([*lines, ""]):
        if line.lstrip().startswith(">"):
            if start is None:
                start = index
        elif start is not None:
            yield start, index
            start = None


def _unquote(line: str) -> str:
    return re.sub(r"^\s*>\s?", "", line).strip()


def _quote_names(author_name: str) -> set[str]:
    """What a quote of the author's posts can be headed with: their pseudonym, or the neutral names."""
    return {name.casefold() for name in (author_name, _("Anonymous member"), _("Removed member")) if name}


def _scrub_text(text: str, *, removed_lines: set[str], names: set[str], quoted_as: set[str]) -> str:
    """Replaces each quote made of the removed lines with "[removed]" (its header naming a removed
    member by the neutral words), and each quote header and @mention naming `names`. A quote headed
    with someone else's name is theirs, even when a line happens to match."""
    lines = text.split("\n")
    out: list[str] = []
    position = 0
    for start, end in _quoted_runs(lines):
        out += lines[position:start]
        run = lines[start:end]
        header = QUOTE_HEADER.match(_unquote(run[0]))
        body = run[1:] if header else run
        quoted = [_unquote(line) for line in body if _unquote(line)]
        name = header.group("name") if header else None
        theirs = name is None or name.casefold() in quoted_as
        if name is not None and name.casefold() in names:
            name = str(_("Removed member"))
        if theirs and quoted and removed_lines and all(line in removed_lines for line in quoted):
            out += ([f"> **{name}** wrote:"] if name else []) + [f"> {_('[removed]')}"]
        else:
            out += ([f"> **{name}** wrote:"] if name else []) + body
        position = end
    out += lines[position:]
    scrubbed = "\n".join(out)
    for name in names:
        scrubbed = re.sub(
            rf"(?<![\w@/.+-])@{re.escape(name)}(?![\w.+-]*\w)", str(_("a removed member")), scrubbed, flags=re.I
        )
    return scrubbed


def scrub_copies(*, author, removed_bodies: Iterable[str] = (), thread_ids: Iterable[int] = (),
                 names: Iterable[str] = ()) -> int:  # fmt: skip
    """Rewrites other members' posts and revisions that quote `removed_bodies` (in `thread_ids`,
    where the Quote button could have copied them) or name `names` (a pseudonym being erased, in
    quote headers and @mentions, anywhere). The author's own posts are left alone. Returns how many
    rows changed. Call in a transaction, before the author's pseudonym changes; scanning for a name
    reads every post, which account deletion can afford."""
    quoted_as = _quote_names(author.username)
    removed_lines = {line.strip() for body in removed_bodies for line in body.splitlines() if line.strip()}
    names = {name.casefold() for name in names if name}
    thread_ids = set(thread_ids)
    if not removed_lines and not names:
        return 0
    where = Q(pk__in=[])
    if removed_lines and thread_ids:
        where |= Q(thread_id__in=thread_ids, body__contains=">")
    for name in names:
        where |= Q(body__icontains=name)
    changed = 0
    posts = Post.objects.filter(where).exclude(author=author)
    for post in posts.select_for_update():
        lines = removed_lines if post.thread_id in thread_ids else set()
        body = _scrub_text(post.body, removed_lines=lines, names=names, quoted_as=quoted_as)
        if body != post.body:
            body_html = render_member_markdown(body)
            Post.objects.filter(pk=post.pk).update(body=body, body_html=body_html, body_text=plain_text(body_html))
            changed += 1
    # Earlier versions of other members' posts hold the same copies.
    revision_where = Q(pk__in=[])
    if removed_lines and thread_ids:
        revision_where |= Q(post__thread_id__in=thread_ids, body__contains=">")
    for name in names:
        revision_where |= Q(body__icontains=name)
    revisions = PostRevision.objects.filter(revision_where).exclude(post__author=author)
    for revision in revisions.select_related("post"):
        lines = removed_lines if revision.post.thread_id in thread_ids else set()
        body = _scrub_text(revision.body, removed_lines=lines, names=names, quoted_as=quoted_as)
        if body != revision.body:
            PostRevision.objects.filter(pk=revision.pk).update(body=body, body_html=render_member_markdown(body))
            changed += 1
    return changed


def erase_member_posts(user: User, *, remove: bool) -> None:
    """Called when a member deletes their account, inside that transaction, before their pseudonym
    changes.

    remove=True empties the text of every post they wrote (others' replies stay readable, and a
    thread they started keeps its place with "This post was removed by its author"), and quotes of
    those posts in other members' posts become "[removed]"; remove=False leaves the posts, which then
    show "Removed member" as their author. Either way their pseudonym leaves others' quote headers
    and @mentions."""
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
