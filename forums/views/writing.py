from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.composer_session import confirm_submission, edit_submission
from forums.forms import EditPostForm, ReplyForm, ThreadForm
from forums.models import Post
from forums.permissions import (
    LOCKED_MESSAGE,
    access_board,
    access_post,
    access_thread,
    can_edit_post,
    can_remove_post,
    can_reply,
    can_see_history,
    can_start_thread,
    reply_starts_anonymous,
)
from forums.selectors.threads import revisions_for_post
from forums.services.posting import (
    create_reply,
    create_thread,
    edit_post,
    follow_thread,
    remove_own_post,
    unfollow_thread,
)
from forums.templatetags.forum_tags import author_name
from forums.views.kept_words import composer_login_required, with_kept_words
from moderation.pipeline import (
    CRISIS,
    Acknowledged,
    PostingNeedsConfirmation,
    PostingRefused,
    Submission,
    has_crisis_signal,
    render_preview,
)
from moderation.services import restriction_for
from moderation.staffing import moderators_on_duty, next_look_words
from resources.forms import RegionForm
from resources.selectors import crisis_lines_for_reader, region_choices_for_saving, region_for_request
from resources.services import set_member_region

CRISIS_PANEL_LINES = 4


def _crisis_panel_lines(request):
    return crisis_lines_for_reader(region_for_request(request), limit=CRISIS_PANEL_LINES)


def _crisis_panel_after_region_choice(request, acknowledged):
    """The region picker inside the crisis panel is part of the composer's form, so choosing a
    region keeps every word typed: save the choice, post nothing, and show the panel again with
    that region's lines (what was already acknowledged stays acknowledged)."""
    form = RegionForm(request.POST, countries=region_choices_for_saving(), prefix="crisis-region")
    country = form.cleaned_data["country"] if form.is_valid() else ""
    set_member_region(request.user, country=country)
    question = PostingNeedsConfirmation(hints=[], crisis=True)
    question.panels = sorted(acknowledged.panels | {CRISIS})
    return {"confirmation": question, "crisis_resources": crisis_lines_for_reader(country, limit=CRISIS_PANEL_LINES)}


@dataclass(frozen=True)
class RefusedWithCrisisLines:
    """Shown above the composer in place of the crisis panel when a post that carries a crisis
    signal cannot be posted as it is (a suspension, an empty or over-long post): the kind message
    stays on the form, and the crisis lines are there with it. Nothing to acknowledge."""

    refused_in_crisis: bool = True
    crisis: bool = False
    hints: tuple = ()
    panels: tuple = ()


def _crisis_lines_with_the_refusal(request) -> dict:
    return {
        "confirmation": RefusedWithCrisisLines(),
        "crisis_resources": _crisis_panel_lines(request),
    }


def _refused_by_the_pipeline_instead(request) -> bool:
    """A member suspended while they were writing: their post goes on to the pipeline, which
    refuses it kindly with the text kept (and the crisis lines, if the words need them), rather
    than a redirect that loses the words."""
    return request.method == "POST" and request.user.is_active and restriction_for(request.user) is not None


def _run_composer(request, form, *, submission, write, success_message):
    """The composer's buttons. Preview: the exact HTML posting would publish. Post: the service
    writes it; or the pipeline asks first (gentle language hints, the crisis panel) and the form
    comes back with the panel and a way to post as written; or it refuses, kindly, with everything
    typed kept. `submission(data)` and `write(data, acknowledged)` receive the form's cleaned data.
    Returns (response, extra template context)."""
    if request.method != "POST":
        return None, {}
    action = request.POST.get("action")
    acknowledged = Acknowledged(
        panels=frozenset(request.POST.getlist("acknowledged")), check_in_requested=action == "post-check-in"
    )
    if action == "crisis-region":
        return None, _crisis_panel_after_region_choice(request, acknowledged)
    if not form.is_valid():
        if has_crisis_signal(title=request.POST.get("title", ""), body=request.POST.get("body", "")):
            return None, _crisis_lines_with_the_refusal(request)
        return None, {}
    data = form.cleaned_data
    try:
        if action == "preview":
            return None, {"preview_html": render_preview(submission(data))}
        written = write(data, acknowledged)
    except PostingNeedsConfirmation as question:
        context = {"confirmation": question}
        if question.crisis:
            context["crisis_resources"] = _crisis_panel_lines(request)
        return None, context
    except PostingRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return None, _crisis_lines_with_the_refusal(request) if refusal.crisis else {}
    post = written if isinstance(written, Post) else written.posts.order_by("position").first()
    if post is not None and post.is_pending_approval:
        messages.info(
            request,
            _("Thank you. Your post is waiting for a moderator's quick look. %(when)s You can already see it; "
              "others will once it's approved.") % {"when": next_look_words()},
        )  # fmt: skip
    if acknowledged.check_in_requested:
        messages.success(request, _check_in_words(request))
    elif post is None or not post.is_pending_approval:
        messages.success(request, success_message)
    return redirect(written), {}


def _check_in_words(request) -> str:
    """Only what happens: the moderators are asked to look first (an urgent item), and a person
    checks in privately (a team conversation), now or, out of hours, when they are back (the
    automatic message is already there); when they are on, and who answers now."""
    lines = ", ".join(
        f"{line['name']} {line.get('phone_display') or line.get('phone') or ''}".strip()
        for line in crisis_lines_for_reader(region_for_request(request), limit=2)
    )
    words = _("We've asked the moderators to look at your post first. %(when)s") % {"when": next_look_words()}
    if moderators_on_duty():
        words += " " + _("A moderator will check in with you privately, in Messages with the moderators.")
    else:
        words += " " + _(
            "We've sent you a message with who you can talk to now, and a moderator will check in with you "
            "privately, in Messages with the moderators, when they are back."
        )
    if lines:
        return words + " " + _("If you need someone now: %(lines)s, or Get help now.") % {"lines": lines}
    return words + " " + _("If you need someone now, Get help now lists who to call.")


@composer_login_required
def thread_create(request, slug):
    board = access_board(request.user, slug)
    if not can_start_thread(request.user, board) and not _refused_by_the_pipeline_instead(request):
        raise PermissionDenied
    form = ThreadForm(request.POST or None, initial=with_kept_words(request, {}), owner=request.user)
    response, composer_context = _run_composer(
        request,
        form,
        submission=lambda data: Submission(
            author=request.user, kind="thread", body=data["body"], title=data["title"], board=board
        ),
        write=lambda data, acknowledged: create_thread(
            acting_user=request.user,
            acknowledged=acknowledged,
            board=board,
            title=data["title"],
            body=data["body"],
            is_anonymous=data["is_anonymous"],
            content_warnings=data["content_warnings"],
            submission_token=data["submission_token"],
        ),
        success_message=_("Your thread is posted. Thank you for sharing."),
    )
    if response:
        confirm_submission(request, str(form.cleaned_data["submission_token"] or ""))
        return response
    return render(request, "forums/thread_create.html", {"board": board, "form": form, **composer_context})


def _quoted_post(request, thread, quote_pk) -> Post | None:
    try:
        quoted = access_post(request.user, int(quote_pk))
    except (ValueError, TypeError, Http404):
        return None  # a post the reader can't see (or never existed) just opens an empty composer
    if quoted.thread_id != thread.pk or quoted.is_removed:
        return None
    return quoted


def _quote_text(quoted: Post) -> str:
    # Named for everyone alike (viewer=None): an anonymous post is "Anonymous member" even to its
    # author, whose reply others will read.
    name = author_name(quoted, None, link=False)
    lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
    return _("> **%(name)s** wrote:\n") % {"name": name} + lines + "\n\n"


@composer_login_required
def reply_create(request, pk):
    thread = access_thread(request.user, pk)
    writable = not (thread.is_locked or thread.is_hidden)
    if not can_reply(request.user, thread) and not (writable and _refused_by_the_pipeline_instead(request)):
        messages.info(request, LOCKED_MESSAGE if thread.is_locked else _("Replies are closed here."))
        return redirect(thread)
    initial = {}
    quoted = _quoted_post(request, thread, request.GET.get("quote"))
    if quoted is not None:
        initial["body"] = _quote_text(quoted)
    if reply_starts_anonymous(request.user, thread=thread, quoted=quoted):
        initial["is_anonymous"] = True
    form = ReplyForm(request.POST or None, initial=with_kept_words(request, initial), owner=request.user)
    response, composer_context = _run_composer(
        request,
        form,
        submission=lambda data: Submission(author=request.user, kind="reply", body=data["body"], thread=thread),
        write=lambda data, acknowledged: create_reply(
            thread,
            acting_user=request.user,
            acknowledged=acknowledged,
            body=data["body"],
            is_anonymous=data["is_anonymous"],
            content_warnings=data["content_warnings"],
            submission_token=data["submission_token"],
        ),
        success_message=_("Your reply is posted."),
    )
    if response:
        confirm_submission(request, str(form.cleaned_data["submission_token"] or ""))
        return response
    return render(request, "forums/reply_create.html", {"thread": thread, "form": form, **composer_context})


@composer_login_required
def post_edit(request, pk):
    post = access_post(request.user, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    form = EditPostForm(
        request.POST or None,
        initial=with_kept_words(request, {"body": post.body, "content_warnings": post.content_warnings}),
        owner=request.user,
    )
    response, composer_context = _run_composer(
        request,
        form,
        submission=lambda data: Submission(
            author=request.user, kind="edit", body=data["body"], thread=post.thread, post=post
        ),
        write=lambda data, acknowledged: edit_post(
            post,
            acting_user=request.user,
            body=data["body"],
            content_warnings=data["content_warnings"],
            acknowledged=acknowledged,
        ),
        success_message=_("Your changes are saved."),
    )
    if response:
        confirm_submission(request, edit_submission(post.pk))
        return response
    return render(request, "forums/post_edit.html", {"post": post, "form": form, **composer_context})


def post_history(request, pk):
    post = access_post(request.user, pk)
    if not can_see_history(request.user, post):
        raise PermissionDenied
    return render(request, "forums/post_history.html", {"post": post, "revisions": revisions_for_post(post=post)})


@login_required
def post_remove(request, pk):
    post = access_post(request.user, pk)
    if not can_remove_post(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        remove_own_post(post, acting_user=request.user)
        messages.success(request, _("Your post is removed. Others now see that its author removed it."))
        return redirect(post)
    return render(request, "forums/post_remove.html", {"post": post})


@login_required
@require_POST
def thread_follow(request, pk):
    thread = access_thread(request.user, pk)
    if request.POST.get("follow") == "0":
        unfollow_thread(thread, member=request.user)
        messages.success(request, _("You won't be notified about this thread any more."))
    else:
        follow_thread(thread, member=request.user)
        messages.success(request, _("You're following this thread."))
    if request.POST.get("next") == "following":
        return redirect("forums:following")
    return redirect(thread)


def post_permalink(request, pk):
    from forums.selectors.threads import page_number_for_position

    post = access_post(request.user, pk)
    page = page_number_for_position(post.position)
    return redirect(f"{post.thread.get_absolute_url()}?page={page}#post-{post.pk}")
