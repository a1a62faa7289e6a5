"""A session that ends mid-post keeps the words: journeys through the rendered composer, the calm
page and the login form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Post, Thread
from tests.factories import TEST_PASSWORD, BoardFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

WORDS = "I can't sleep.\nI keep thinking about her, and it’s 3 a.m. again."


def _settled_member(**fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)


def _log_out_in_another_tab(django_app):
    """The header's own Log out form, on another page of the site."""
    other_tab = django_app.get(reverse("forums:board-list"))
    logout_form = next(form for form in other_tab.forms.values() if form.action == reverse("account_logout"))
    logout_form.submit()


def _log_in_through_the_form(page, user):
    form = next(form for form in page.forms.values() if "login" in form.fields)
    form["login"] = user.username
    form["password"] = TEST_PASSWORD
    return form.submit().maybe_follow()


def _composer(page):
    return next(form for form in page.forms.values() if "body" in form.fields)


def test_reply_sent_after_logging_out_elsewhere_lands_on_a_calm_page_and_comes_back_after_login(django_app):
    member = _settled_member()
    thread = ThreadFactory(author=_settled_member())
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=member)
    composer = _composer(page)
    composer["body"] = WORDS
    composer["is_anonymous"] = True

    _log_out_in_another_tab(django_app)
    calm = composer.submit(name="action", value="post")

    assert "Your words are safe" in calm.text
    assert "You were logged out before your post reached us" in calm.text
    assert calm.html.select_one("#kept-body").get_text().replace("\r\n", "\n") == WORDS
    assert "You chose to post this anonymously" in calm.text
    assert "no-store" in calm.headers["Cache-Control"]
    assert not Post.objects.filter(body=WORDS).exists()

    login_page = calm.click(description="Log in to finish posting")
    back = _log_in_through_the_form(login_page, member)

    assert back.request.path == reverse("forums:reply-create", args=[thread.pk])
    assert "Your words are in the box below" in back.text
    restored = _composer(back)
    assert restored["body"].value.replace("\r\n", "\n") == WORDS
    assert restored["is_anonymous"].checked  # the anonymous choice came back with the words
    restored.submit(name="action", value="post").follow()
    post = Post.objects.get(body=WORDS)
    assert post.author == member and post.is_anonymous


def test_new_thread_with_an_expired_session_keeps_title_and_warnings(django_app):
    member = _settled_member()
    board = BoardFactory()
    page = django_app.get(reverse("forums:thread-create", args=[board.slug]), user=member)
    composer = _composer(page)
    composer["title"] = "Three in the morning"
    composer["body"] = WORDS
    first_warning = composer.fields["content_warnings"][0]
    first_warning.checked = True
    # The session has expired: the browser's cookie no longer names a session the server knows.
    django_app.set_cookie("sessionid", "an-expired-session")

    calm = composer.submit(name="action", value="post")
    assert "Your words are safe" in calm.text
    assert calm.html.select_one("#kept-title")["value"] == "Three in the morning"

    back = _log_in_through_the_form(calm.click(description="Log in to finish posting"), member)
    restored = _composer(back)
    assert restored["title"].value == "Three in the morning"
    assert restored["body"].value.replace("\r\n", "\n") == WORDS
    assert [box.checked for box in restored.fields["content_warnings"]][0]
    restored.submit(name="action", value="post").follow()
    assert Thread.objects.get(title="Three in the morning").posts.get().body == WORDS


def test_kept_words_are_never_restored_for_another_member_who_logs_in_on_that_browser(django_app):
    writer, next_person = _settled_member(), _settled_member()
    thread = ThreadFactory(author=_settled_member())
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=writer)
    composer = _composer(page)
    composer["body"] = "Something only I should see again."
    _log_out_in_another_tab(django_app)
    calm = composer.submit(name="action", value="post")

    back = _log_in_through_the_form(calm.click(description="Log in to finish posting"), next_person)

    assert back.request.path == reverse("forums:reply-create", args=[thread.pk])
    assert "Something only I should see again." not in back.text
    assert "Your words are in the box below" not in back.text
    assert _composer(back)["body"].value == ""
    # And the words are gone from the session, not merely hidden.
    assert "forums.kept_words" not in django_app.session


def test_composer_opened_by_one_member_never_posts_as_the_next_one(django_app):
    writer, next_person = _settled_member(), _settled_member()
    thread = ThreadFactory(author=_settled_member())
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=writer)
    composer = _composer(page)
    composer["body"] = "Written by the first member."
    _log_out_in_another_tab(django_app)
    django_app.get(reverse("forums:board-list"), user=next_person)
    # Same CSRF cookie after the logins above in this test client, so the CSRF check alone
    # would not stop it: the owner token does.
    composer["csrfmiddlewaretoken"] = django_app.cookies["csrftoken"]

    refused = composer.submit(name="action", value="post", status=403)

    assert "Someone else is logged in on this browser now" in refused.text
    assert not Post.objects.filter(body="Written by the first member.").exists()


def test_csrf_failure_on_a_composer_keeps_the_words_and_brings_them_back(django_app):
    member = _settled_member()
    post = ThreadFactory(author=member).posts.get()
    page = django_app.get(reverse("forums:post-edit", args=[post.pk]), user=member)
    composer = _composer(page)
    composer["body"] = "An edit written over a long evening."
    composer["csrfmiddlewaretoken"] = "x" * 64  # what a stale token looks like to the server

    calm = composer.submit(name="action", value="post", status=403)

    assert "Your words are safe" in calm.text
    assert "to keep your account safe we didn't post it yet" in calm.text
    assert "Forbidden" not in calm.text and "CSRF" not in calm.text
    assert calm.html.select_one("#kept-body").get_text() == "An edit written over a long evening."
    back = calm.click(description="Back to your post")
    assert _composer(back)["body"].value == "An edit written over a long evening."
    _composer(back).submit(name="action", value="post").follow()
    post.refresh_from_db()
    assert post.body == "An edit written over a long evening."


def test_csrf_failure_on_any_other_form_is_our_calm_page(django_app):
    member = _settled_member()
    page = django_app.get(reverse("forums:reading-settings"), user=member)
    form = next(form for form in page.forms.values() if form.get("form", default=None) and form["form"].value == "word")
    form["word"] = "anniversary"
    form["csrfmiddlewaretoken"] = "y" * 64

    refused = form.submit(status=403, headers={"Referer": "http://testserver" + page.request.path})

    assert "Please try that again" in refused.text
    assert "Nothing was changed" in refused.text
    back = refused.html.find("a", string="Back to the page you were on")
    assert back["href"].endswith(page.request.path)
    assert "CSRF" not in refused.text
    assert not member.hidden_words.exists()


def test_post_without_an_owner_token_shows_the_words_but_keeps_nothing(django_app, board):
    """A hand-built post (no signed owner, no CSRF token) is shown back so it can be copied, and
    stored for nobody."""
    response = django_app.post(
        reverse("forums:thread-create", args=[board.slug]), {"title": "t", "body": "plain words"}, status=403
    )
    assert "Your words are safe" in response.text
    assert "plain words" in response.text
    assert "Log in to finish posting" not in response.text
    assert "forums.kept_words" not in django_app.session


def test_owner_token_names_its_member_and_nothing_forged_or_old(member, other_member):
    from django.core import signing

    from forums.composer_session import OWNER_SALT, owner_from_token, owner_token_for

    token = owner_token_for(member)
    assert owner_from_token(token) == member.pk
    assert owner_from_token(token.replace(token[-4:], "abcd")) is None
    assert owner_from_token(signing.dumps({"member": other_member.pk}, salt="another-purpose")) is None
    assert owner_from_token("") is None
    old = signing.TimestampSigner(salt=OWNER_SALT).sign_object({"member": member.pk})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("forums.composer_session.OWNER_TOKEN_MAX_AGE", -1)
        assert owner_from_token(old) is None


def test_kept_words_expire_after_a_day(rf, member):
    from django.contrib.sessions.backends.db import SessionStore

    from forums.composer_session import KeptWords, keep_words, take_kept_words

    request = rf.get("/threads/1/reply/")
    request.session = SessionStore()
    request.user = member
    keep_words(request, path=request.path, owner_id=member.pk, words=KeptWords(body="From yesterday."))
    request.session["forums.kept_words"][request.path]["at"] -= 25 * 60 * 60
    assert take_kept_words(request, path=request.path) is None
    assert request.session["forums.kept_words"] == {}  # taken, not left lying in the session
