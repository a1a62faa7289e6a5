"""What the three composers (a new thread, a reply, an edit) share around their service call: the
safety net for sessions that end mid-post (see forums/composer_session.py), and what the page says
before and after writing: a preview, the panel before posting (language hints, crisis lines), a
kind refusal with every word kept, and the message once it is posted.

A composer view reads like any other: access, bind the form, `before_writing()` (the region picker
and an invalid form answer here), then the service (or `preview_post`), then `after_writing()`, or
`after_refusal()` when the pipeline says no or asks first."""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from forums.composer_session import (
    OWNER_TOKEN_FIELD,
    confirm_submission,
    keep_words,
    owner_from_token,
    take_kept_words,
    words_from_post,
)
from forums.forms.composer import CRISIS_REGION, ComposerForm
from forums.models import Post
from moderation.pipeline import CRISIS, PostingNeedsConfirmation, PostingRefused, has_crisis_signal
from moderation.restrictions import restriction_for
from moderation.staffing import moderators_on_duty, next_look_words
from resources.forms import RegionForm
from resources.selectors import crisis_lines_for_reader, region_choices_for_saving, region_for_request
from resources.services import set_member_region

CRISIS_PANEL_LINES = 4

# Every address a composer posts to: a CSRF failure there is a member's post, not any form.
COMPOSER_VIEW_NAMES = frozenset({"forums:thread-create", "forums:reply-create", "forums:post-edit"})


def words_kept_response(request, *, reason: str, status: int = 200):
    """The calm page for a post that could not be sent: says the words are safe, shows them so they
    can be copied, and keeps them for the member who opened the composer (only when the form proves
    who that was) so logging in brings them back."""
    owner_id = owner_from_token(request.POST.get(OWNER_TOKEN_FIELD, ""))
    if request.user.is_authenticated and owner_id is not None and owner_id != request.user.pk:
        reason = "other-member"
    words = words_from_post(request.POST)
    if owner_id is not None and not words.is_empty:
        keep_words(request, path=request.path, owner_id=owner_id, words=words)
    is_owner = request.user.is_authenticated and owner_id == request.user.pk
    response = render(
        request,
        "forums/words_kept.html",
        {
            "reason": reason,
            "words": words,
            "kept": owner_id is not None,
            "is_owner": is_owner,
            "composer_url": request.path,
            "login_url": f"{reverse('account_login')}?next={quote(request.path)}",
        },
        status=status,
    )
    # The page shows private words: no copy of it stays in the browser's cache or Back history.
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, " + response["Cache-Control"]
    return response


def composer_login_required(view):
    """login_required for composers, except that a post which arrives logged out (or from a composer
    another member opened) is never thrown away: it lands on the calm page instead of the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            if not request.user.is_authenticated:
                return words_kept_response(request, reason="logged-out")
            owner_id = owner_from_token(request.POST.get(OWNER_TOKEN_FIELD, ""))
            if owner_id is not None and owner_id != request.user.pk:
                # Someone else logged in on this browser since the composer opened: never post the
                # words under their name.
                return words_kept_response(request, reason="other-member", status=403)
        elif not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def with_kept_words(request, initial: dict) -> dict:
    """The composer's initial values, with the words kept for this member at this address (if any)
    put back and said so."""
    if request.method != "GET":
        return initial
    kept = take_kept_words(request, path=request.path)
    if kept is None or kept.is_empty:
        return initial
    messages.info(
        request,
        _(
            "Welcome back. Your words are in the box below, just as you left them: "
            "check them, then post when you're ready."
        ),
    )
    return {**initial, **kept.as_initial()}


def _crisis_panel_lines(request):
    return crisis_lines_for_reader(region_for_request(request), limit=CRISIS_PANEL_LINES)


def _crisis_panel_after_region_choice(request, form: ComposerForm) -> dict:
    """The region picker inside the crisis panel is part of the composer's form, so choosing a
    region keeps every word typed: save the choice, post nothing, and show the panel again with
    that region's lines (what was already acknowledged stays acknowledged)."""
    region_form = RegionForm(request.POST, countries=region_choices_for_saving(), prefix="crisis-region")
    country = region_form.cleaned_data["country"] if region_form.is_valid() else ""
    set_member_region(request.user, country=country)
    question = PostingNeedsConfirmation(hints=[], crisis=True)
    question.panels = sorted(form.acknowledged_panels.panels | {CRISIS})
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


def refused_by_the_pipeline_instead(request) -> bool:
    """A member suspended while they were writing: their post goes on to the pipeline, which
    refuses it kindly with the text kept (and the crisis lines, if the words need them), rather
    than a redirect that loses the words."""
    return request.method == "POST" and request.user.is_active and restriction_for(request.user) is not None


def before_writing(request, form: ComposerForm) -> dict | None:
    """None when the form is ready for the service (or the preview); otherwise the page's context
    as it stands: nothing sent yet, a region chosen in the crisis panel, or a form that needs
    correcting (with the crisis lines when the words carry a signal)."""
    if request.method != "POST":
        return {}
    if form.action_chosen == CRISIS_REGION:
        return _crisis_panel_after_region_choice(request, form)
    if not form.is_valid():
        if has_crisis_signal(title=form.data.get("title", ""), body=form.data.get("body", "")):
            return _crisis_lines_with_the_refusal(request)
        return {}
    return None


def after_refusal(request, form: ComposerForm, refusal: PostingRefused) -> dict:
    """The pipeline asked first (gentle language hints, the crisis panel: the form comes back with
    the panel and a way to post as written) or refused, kindly, with everything typed kept."""
    if isinstance(refusal, PostingNeedsConfirmation):
        context = {"confirmation": refusal}
        if refusal.crisis:
            context["crisis_resources"] = _crisis_panel_lines(request)
        return context
    form.add_error(refusal.field, refusal.message)
    return _crisis_lines_with_the_refusal(request) if refusal.crisis else {}


def after_writing(request, form: ComposerForm, post: Post, *, submission: str, success_message: str, to):
    """The post is written: say so (or that it waits for a moderator's quick look, or that the
    moderators were asked to look first), note the submission so the browser drops its draft, and
    go to `to`."""
    if post.is_pending_approval:
        messages.info(
            request,
            _("Thank you. Your post is waiting for a moderator's quick look. %(when)s You can already see it; "
              "others will once it's approved.") % {"when": next_look_words()},
        )  # fmt: skip
    if form.acknowledged_panels.check_in_requested:
        messages.success(request, _check_in_words(request))
    elif not post.is_pending_approval:
        messages.success(request, success_message)
    confirm_submission(request, submission)
    return redirect(to)


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
