"""Account settings and deletion, through the pages as rendered (django-webtest)."""

import pytest
from django.urls import reverse

from accounts.models import User
from forums.models import Post
from tests.factories import TEST_PASSWORD, reply_to
from tests.journeys import choices, form_with


@pytest.mark.django_db
def test_member_writes_a_short_bio_in_settings_and_it_shows_on_their_profile(django_app, member):
    page = django_app.get(reverse("accounts:settings"), user=member)
    form = form_with(page, "bio")
    form["bio"] = "Walking through grief, one day at a time."
    saved = form.submit().follow()
    assert "Your profile is saved" in saved.text
    member.refresh_from_db()
    assert member.bio == "Walking through grief, one day at a time."
    profile = django_app.get(reverse("accounts:profile-detail", args=[member.username]))
    assert "Walking through grief, one day at a time." in profile.text


@pytest.mark.django_db
def test_a_wrong_password_keeps_the_account_and_says_so_kindly(django_app, member):
    page = django_app.get(reverse("accounts:settings"), user=member).click(description="Delete my account")
    form = form_with(page, "posts", "password")
    form["posts"].select(choices(form["posts"])[0])
    form["password"] = "not my password"
    refused = form.submit()
    assert refused.status_code == 200 and "That password doesn&#x27;t match" in refused.text
    assert User.objects.get(pk=member.pk).is_active


@pytest.mark.django_db
@pytest.mark.parametrize("keep", [True, False])
def test_member_deletes_their_account_choosing_what_happens_to_their_posts(django_app, member, thread, keep):
    post = reply_to(thread, author=member, body="Thank you all for listening.")
    page = django_app.get(reverse("accounts:settings"), user=member).click(description="Delete my account")
    form = form_with(page, "posts", "password")
    assert choices(form["posts"]) == ["keep", "remove"]
    form["posts"].select("keep" if keep else "remove")
    form["password"] = TEST_PASSWORD
    done = form.submit().follow()
    assert "Your account is deleted" in done.text
    member.refresh_from_db()
    assert not member.email
    assert Post.objects.filter(pk=post.pk, removed_by_author_at__isnull=True).exists() is keep
    # Signed out: the settings page now asks to log in.
    assert django_app.get(reverse("accounts:settings")).status_code == 302
