"""The composer's safety net for sessions that end mid-post (see forums/composer_session.py)."""

from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from forums.composer_session import (
    OWNER_TOKEN_FIELD,
    keep_words,
    owner_from_token,
    take_kept_words,
    words_from_post,
)

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
