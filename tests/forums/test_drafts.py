"""What the server tells the browser about drafts: whose they are, whether to keep them, which
submission it has confirmed, and when to wipe everything. Journeys through the rendered pages; the
browser side is in tests/e2e/test_draft_journeys.py."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import composer_session
from forums.composer_session import (
    CONFIRMED_KEPT_COUNT,
    CONFIRMED_KEPT_SECONDS,
    confirm_submission,
    confirmed_submissions,
    draft_namespace_for,
)
from forums.models import Post
from tests.factories import TEST_PASSWORD, BoardFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def _settled_member(**fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)


def _drafts_meta(page):
    return page.html.find("meta", attrs={"name": "safespace-drafts"})


def _composer(page):
    return next(form for form in page.forms.values() if "body" in form.fields)


def test_members_get_their_own_unguessable_draft_namespace_and_visitors_none(django_app):
    first, second = _settled_member(username="willow"), _settled_member(username="willow2")
    thread = ThreadFactory(author=first)

    assert _drafts_meta(django_app.get(thread.get_absolute_url())) is None  # a visitor stores nothing

    first_meta = _drafts_meta(django_app.get(thread.get_absolute_url(), user=first))
    second_meta = _drafts_meta(django_app.get(thread.get_absolute_url(), user=second))
    assert first_meta["content"] == draft_namespace_for(first)
    assert first_meta["content"] != second_meta["content"]
    assert "willow" not in first_meta["content"] and str(first.pk) != first_meta["content"]
    assert first_meta["data-keep"] == "yes"


def test_pages_after_a_successful_reply_name_the_submission_it_confirms(django_app):
    member = _settled_member()
    thread = ThreadFactory(author=_settled_member())
    page = django_app.get(thread.get_absolute_url(), user=member)
    composer = _composer(page)
    token = composer["submission_token"].value
    assert token
    assert _drafts_meta(page)["data-confirmed"] == ""
    composer["body"] = "Thinking of you tonight."

    landed = composer.submit(name="action", value="post").maybe_follow()

    assert Post.objects.filter(body="Thinking of you tonight.").exists()
    assert _drafts_meta(landed)["data-confirmed"] == token
    # Still named on the next page: a member who left the first one before its script ran (or
    # closed the tab) must not find the posted words restored as an unsent draft.
    assert _drafts_meta(django_app.get(thread.get_absolute_url()))["data-confirmed"] == token


def test_confirmed_submissions_are_named_for_as_long_as_a_draft_lives(monkeypatch):
    request = SimpleNamespace(session={})
    for number in range(CONFIRMED_KEPT_COUNT + 2):
        confirm_submission(request, f"token-{number}")
    confirm_submission(request, "token-5")  # named once, however often it is confirmed
    kept = [f"token-{n}" for n in range(2, CONFIRMED_KEPT_COUNT + 2) if n != 5]
    assert confirmed_submissions(request) == [*kept, "token-5"]

    later = time.time() + CONFIRMED_KEPT_SECONDS + 60
    monkeypatch.setattr(composer_session, "time", SimpleNamespace(time=lambda: later))
    assert confirmed_submissions(request) == []


def test_a_refused_or_previewed_post_confirms_nothing(django_app):
    member = _settled_member()
    board = BoardFactory()
    page = django_app.get(reverse("forums:thread-create", args=[board.slug]), user=member)
    composer = _composer(page)
    composer["title"] = "A"  # too short: refused kindly
    composer["body"] = "Words I don't want to lose."
    refused = composer.submit(name="action", value="post")
    assert "Please give your thread a title" in refused.text
    assert _drafts_meta(refused)["data-confirmed"] == ""
    # The form the server sent back holds the member's words: the browser saves them, never an older draft.
    assert refused.html.find("form", class_="composer").has_attr("data-composer-resent")
    preview = _composer(refused).submit(name="action", value="preview")
    assert _drafts_meta(preview)["data-confirmed"] == ""


def test_a_saved_edit_confirms_the_edit_draft(django_app):
    member = _settled_member()
    post = ThreadFactory(author=member).posts.get()
    page = django_app.get(reverse("forums:post-edit", args=[post.pk]), user=member)
    assert page.html.find("form", class_="composer")["data-draft-key"] == f"edit-{post.pk}"
    composer = _composer(page)
    composer["body"] = "Edited with care."
    landed = composer.submit(name="action", value="post").maybe_follow()
    assert _drafts_meta(landed)["data-confirmed"] == f"edit-{post.pk}"


def test_reading_setting_dont_keep_drafts_on_this_device(django_app):
    member = _settled_member()
    page = django_app.get(reverse("forums:reading-settings"), user=member)
    form = next(form for form in page.forms.values() if "no_drafts" in form.fields)
    assert not form["no_drafts"].checked
    assert page.html.find("label", attrs={"for": "id_no_drafts"}).get_text(strip=True) == (
        "Don't keep drafts on this device"
    )
    form["no_drafts"] = True

    saved = form.submit().follow()

    member.refresh_from_db()
    assert member.keeps_drafts_on_device is False
    assert "Drafts are no longer kept" in saved.text
    assert _drafts_meta(saved)["data-keep"] == "no"
    form = next(form for form in saved.forms.values() if "no_drafts" in form.fields)
    assert form["no_drafts"].checked
    form["no_drafts"] = False
    back_on = form.submit().follow()
    member.refresh_from_db()
    assert member.keeps_drafts_on_device is True
    assert _drafts_meta(back_on)["data-keep"] == "yes"


def test_logging_out_from_the_menu_clears_the_sites_browser_storage(django_app):
    member = _settled_member()
    page = django_app.get(reverse("forums:board-list"), user=member)
    assert "Clear-Site-Data" not in page.headers
    logout = next(form for form in page.forms.values() if form.action == reverse("account_logout"))
    assert page.html.find("form", action=reverse("account_logout")).has_attr("data-clears-site-data")

    response = logout.submit()

    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert "_auth_user_id" not in django_app.session


def test_deleting_the_account_clears_the_sites_browser_storage(django_app):
    member = _settled_member()
    page = django_app.get(reverse("accounts:account-delete"), user=member)
    form = next(form for form in page.forms.values() if "password" in form.fields)
    form["posts"].select("keep")
    form["password"] = TEST_PASSWORD

    response = form.submit()

    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert page.html.find("form", attrs={"data-clears-site-data": True}) is not None


def test_wrong_password_on_deletion_clears_nothing(django_app):
    member = _settled_member()
    page = django_app.get(reverse("accounts:account-delete"), user=member)
    form = next(form for form in page.forms.values() if "password" in form.fields)
    form["posts"].select("keep")
    form["password"] = "not my password"
    response = form.submit()
    assert "Clear-Site-Data" not in response.headers
    assert "That password doesn&#x27;t match" in response.text


def test_composer_counts_instead_of_cutting_and_the_server_keeps_an_over_long_post(django_app):
    member = _settled_member()
    board = BoardFactory()
    page = django_app.get(reverse("forums:thread-create", args=[board.slug]), user=member)
    body_field = page.html.find("textarea", attrs={"name": "body"})
    assert not body_field.has_attr("maxlength")  # a browser would cut a paste silently
    assert body_field["data-max-length"] == "20000"
    assert not page.html.find("input", attrs={"name": "title"}).has_attr("maxlength")
    composer = _composer(page)
    long_body = ("I need to get this all out. " * 900)[:25_000]
    composer["title"] = "Everything at once"
    composer["body"] = long_body

    refused = composer.submit(name="action", value="post")

    assert "Your post is a little long for one message" in refused.text
    assert "25,000" in refused.text
    assert _composer(refused)["body"].value.replace("\r\n", "\n") == long_body
    assert _composer(refused)["title"].value == "Everything at once"
    assert not Post.objects.filter(thread__title="Everything at once").exists()
