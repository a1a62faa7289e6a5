"""Search costs the same whatever a post holds or a query asks: snippets come from the plain text
stored at write time (no Markdown is rendered at query time), and queries are bounded."""

import importlib
import time

import pytest
from django.apps import apps
from django.urls import reverse

from forums.models import Post
from forums.services.posts import create_reply, edit_post
from moderation import sanitise
from tests.factories import ThreadFactory, UserFactory, reply_to

# Markdown that is expensive to render: deep nesting, thousands of unclosed emphasis and links.
PATHOLOGICAL = ("> " * 40 + "[" * 2000 + "*_" * 3000 + "marigold " + "](" * 1500) * 2


@pytest.fixture
def markdown_forbidden(monkeypatch):
    """Fails the test if anything renders Markdown while the search page is served."""

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown was rendered at query time")

    return lambda: monkeypatch.setattr(sanitise._renderer, "render", refuse)


@pytest.mark.django_db
def test_search_snippets_never_render_markdown(anon_client, markdown_forbidden):
    thread = ThreadFactory(title="Evenings")
    reply_to(thread, body="A **marigold** by the window helps me.")
    markdown_forbidden()
    html = anon_client.get(reverse("forums:search"), {"q": "marigold"}).content.decode()
    assert "A marigold by the window helps me." in html  # plain words, no asterisks, no markup
    assert "**" not in html.split("search-results", 1)[-1]


@pytest.mark.django_db
def test_pathological_posts_cost_a_search_nothing_extra(anon_client):
    for _ in range(4):
        reply_to(ThreadFactory(), body=PATHOLOGICAL[:20_000])
    started = time.monotonic()
    response = anon_client.get(reverse("forums:search"), {"q": "marigold"})
    assert response.status_code == 200
    assert time.monotonic() - started < 1.0


@pytest.mark.django_db
def test_the_plain_text_is_written_with_the_post_and_kept_current_on_edit():
    member = UserFactory()
    post = create_reply(ThreadFactory(), acting_user=member, body="Walking _helps_, [a bit](https://example.org).")
    assert Post.objects.get(pk=post.pk).body_text == "Walking helps, a bit."
    edit_post(post, acting_user=member, body="Walking helps a lot now.")
    assert Post.objects.get(pk=post.pk).body_text == "Walking helps a lot now."


@pytest.mark.django_db
def test_existing_posts_get_their_plain_text_from_the_migration():
    post = reply_to(ThreadFactory(), body="Tea & *quiet* music.")
    Post.objects.filter(pk=post.pk).update(body_text="")
    migration = importlib.import_module("forums.migrations.0010_post_plain_text")
    migration.fill_plain_text(apps, None)
    assert Post.objects.get(pk=post.pk).body_text == "Tea & quiet music."


@pytest.mark.django_db
def test_a_query_of_only_exclusions_is_refused_kindly_and_kept(django_app):
    reply_to(ThreadFactory(), body="Sad today but hopeful.")
    page = django_app.get(reverse("forums:search"))
    form = next(f for f in page.forms.values() if "q" in f.fields)
    form["q"] = "-sad -tired"
    result = form.submit()
    assert "Add at least one word to look for" in result.text
    assert 'value="-sad -tired"' in result.text  # what they typed is still in the box
    assert "Sad today but hopeful." not in result.text


@pytest.mark.django_db
def test_an_overlong_query_is_refused_by_the_form(anon_client):
    html = anon_client.get(reverse("forums:search"), {"q": "calm " * 100}).content.decode()
    assert "at most 200 characters" in html
