"""The composer's form owns what its buttons send (`action`) and what the member acknowledged on the
panel before posting (`acknowledged`); the preview goes through a service, the pipeline's own render."""

import pytest
from django.urls import reverse

from forums.forms.composer import POST, POST_CHECK_IN, PREVIEW
from forums.forms.posts import ReplyForm
from forums.models import Post
from forums.services.composer import preview_post
from moderation.pipeline import BODY_MAX_LENGTH, CRISIS, HINTS, PostingRefused
from tests.factories import ThreadFactory, UserFactory


def test_composer_form_reads_the_button_and_the_panels_acknowledged():
    form = ReplyForm({"body": "Hello", "action": POST_CHECK_IN, "acknowledged": [CRISIS, HINTS]})
    assert form.is_valid()
    assert form.action_chosen == POST_CHECK_IN
    assert form.acknowledged_panels.panels == frozenset({CRISIS, HINTS})
    assert form.acknowledged_panels.check_in_requested


@pytest.mark.parametrize("sent", [{}, {"action": "something-else"}])
def test_composer_form_posts_when_no_known_button_was_pressed(sent):
    form = ReplyForm({"body": "Hello", **sent})
    assert form.action_chosen == POST
    assert form.acknowledged_panels.panels == frozenset()
    assert not form.acknowledged_panels.check_in_requested


def test_composer_form_reads_the_button_even_when_another_field_is_invalid():
    form = ReplyForm({"body": "Hello", "action": PREVIEW, "content_warnings": ["not-a-warning"]})
    assert not form.is_valid()
    assert form.action_chosen == PREVIEW


@pytest.mark.django_db
def test_composer_page_sends_the_action_only_from_its_buttons(django_app):
    thread = ThreadFactory()
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=UserFactory())
    composer = page.html.find("form", class_="composer")
    senders = composer.find_all(attrs={"name": "action"})
    assert senders and all(sender.name == "button" for sender in senders)
    assert not composer.find_all(attrs={"name": "acknowledged"})  # only the panel before posting writes them


@pytest.mark.django_db
def test_preview_post_is_the_pipelines_sanitised_html_and_writes_nothing():
    thread = ThreadFactory()
    html = preview_post(acting_user=UserFactory(), kind="reply", body="so *tired* <b>x</b>", thread=thread)
    assert "<em>tired</em>" in html and "<b>" not in html
    assert Post.objects.filter(thread=thread).count() == 1


@pytest.mark.django_db
def test_preview_post_refuses_an_over_long_post_kindly():
    with pytest.raises(PostingRefused) as refusal:
        preview_post(acting_user=UserFactory(), kind="reply", body="x" * (BODY_MAX_LENGTH + 1), thread=ThreadFactory())
    assert "Nothing you wrote is lost" in refusal.value.message


@pytest.mark.django_db
def test_preview_from_the_reply_page_shows_the_post_and_posts_nothing(django_app):
    thread = ThreadFactory()
    page = django_app.get(reverse("forums:reply-create", args=[thread.pk]), user=UserFactory())
    composer = next(form for form in page.forms.values() if "body" in form.fields)
    composer["body"] = "A **kind** word"
    previewed = composer.submit(name="action", value=PREVIEW)
    assert "<strong>kind</strong>" in previewed.text
    assert Post.objects.filter(thread=thread).count() == 1
    again = next(form for form in previewed.forms.values() if "body" in form.fields)
    assert again["body"].value == "A **kind** word"
