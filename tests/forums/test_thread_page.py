"""The thread page as a member meets it: one reaction form per post whose four kind words are its
buttons, post addresses built once per page, and a composer rendered without the form library but
with the same fields, labels, help texts and errors."""

from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forums.models import Post, Reaction, ReactionKind
from forums.selectors.posts import PostLinks
from tests.factories import ThreadFactory, UserFactory, reply_to
from tests.journeys import form_with


def _react_forms(page, post):
    path = reverse("forums:post-react", args=[post.pk])
    return [form for form in page.forms.values() if (form.action or "").endswith(path)]


@pytest.mark.django_db
def test_each_post_offers_one_reaction_form_with_the_four_words_as_its_buttons(django_app, member):
    thread = ThreadFactory()
    replies = [reply_to(thread) for _ in range(3)]
    page = django_app.get(thread.get_absolute_url(), user=member)
    for post in [thread.posts.get(position=1), *replies]:
        forms = _react_forms(page, post)
        assert len(forms) == 1
        offered = [button._value for button in forms[0].fields["kind"]]
        assert offered == list(ReactionKind.values)
    assert page.text.count('role="group"') == 4


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(ReactionKind.values))
def test_member_sends_each_kind_word_from_the_one_form_and_sees_it_pressed(django_app, member, kind):
    thread = ThreadFactory()
    opening = thread.posts.get()
    page = django_app.get(thread.get_absolute_url(), user=member)
    (form,) = _react_forms(page, opening)
    after = form.submit("kind", value=kind).maybe_follow()
    assert Reaction.objects.filter(post=opening, member=member, kind=kind).exists()
    assert Reaction.objects.filter(post=opening, member=member).count() == 1
    (button,) = after.html.select(f'#reactions-{opening.pk} button[value="{kind}"]')
    assert button["aria-pressed"] == "true"
    # And the same button takes it back.
    (form,) = _react_forms(after, opening)
    form.submit("kind", value=kind).maybe_follow()
    assert not Reaction.objects.filter(post=opening, member=member).exists()


@pytest.mark.django_db
def test_htmx_reaction_answers_with_the_posts_one_form_again(client, member):
    thread = ThreadFactory()
    opening = thread.posts.get()
    client.force_login(member)
    swapped = client.post(
        reverse("forums:post-react", args=[opening.pk]), {"kind": "helped"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert swapped.count("<form") == 1 and swapped.count('name="kind"') == len(ReactionKind.values)
    assert 'value="helped" class="btn btn-sm btn-outline-secondary reaction-button" aria-pressed="true"' in swapped


@pytest.mark.django_db
def test_post_links_are_the_addresses_reverse_gives(member):
    thread = ThreadFactory()
    for post in [thread.posts.get(), reply_to(thread), reply_to(thread)]:
        links = PostLinks(thread.pk).for_post(post)
        assert links == {
            "permalink": post.get_absolute_url(),
            "react": reverse("forums:post-react", args=[post.pk]),
            "edit": reverse("forums:post-edit", args=[post.pk]),
            "remove": reverse("forums:post-remove", args=[post.pk]),
            "hide": reverse("forums:post-hide", args=[post.pk]),
            "history": reverse("forums:post-history", args=[post.pk]),
            "report": reverse("moderation:report-post", args=[post.pk]),
            "moderate": reverse("moderation:post-moderate", args=[post.pk]),
            "quote": reverse("forums:reply-create", args=[thread.pk]) + f"?quote={post.pk}",
        }


@pytest.mark.django_db
def test_the_pages_links_lead_where_they_say(django_app, member):
    thread = ThreadFactory()
    theirs = reply_to(thread, author=UserFactory(), body="Words from someone else.")
    mine = reply_to(thread, author=member, body="My own words.")
    page = django_app.get(thread.get_absolute_url(), user=member)
    assert page.click(href=reverse("forums:post-edit", args=[mine.pk])).status_code == 200
    assert page.click(href=reverse("moderation:report-post", args=[theirs.pk])).status_code == 200
    quote = page.click(href=reverse("forums:reply-create", args=[thread.pk]) + f"\\?quote={theirs.pk}")
    assert "Words from someone else." in quote.text


@pytest.mark.django_db
def test_thread_page_composer_has_its_labels_help_texts_and_kind_errors(django_app, member):
    thread = ThreadFactory()
    page = django_app.get(thread.get_absolute_url(), user=member)
    body = page.html.select_one("textarea#id_body")
    assert page.html.select_one('label[for="id_body"]').get_text(strip=True) == "Your message"
    assert body["aria-describedby"] == "id_body_helptext"
    assert "Markdown" in page.html.select_one("#id_body_helptext").get_text()
    assert page.html.select_one("#div_id_content_warnings legend").get_text(strip=True).startswith("Content warnings")
    warnings = page.html.select('#div_id_content_warnings input[type="checkbox"]')
    assert all(page.html.select_one(f'label[for="{box["id"]}"]') for box in warnings) and len(warnings) == 7
    assert page.html.select_one('label[for="id_is_anonymous"]').get_text(strip=True) == "Reply anonymously"

    form = form_with(page, "body", "content_warnings")
    form["body"] = "  "
    boxes = {box._value: box for box in form.fields["content_warnings"]}
    boxes["grief"].checked = True
    answer = form.submit("action", value="post")
    assert not Post.objects.filter(author=member).exists()
    kept = form_with(answer, "body", "content_warnings")
    assert {box._value for box in kept.fields["content_warnings"] if box.checked} == {"grief"}
    assert answer.html.select_one('[role="alert"], .alert, .invalid-feedback') is not None


@pytest.mark.django_db
def test_bylines_are_rendered_once_and_then_read_from_the_cache(member):
    from django.core.cache import cache
    from django.test import Client

    thread = ThreadFactory()
    named = reply_to(thread, author=UserFactory(username="quiet_oak"))
    client = Client()
    client.force_login(member)
    with mock.patch("forums.selectors.post_html.render_to_string", wraps=render_to_string) as rendering:
        first = client.get(thread.get_absolute_url()).content.decode()
        assert rendering.call_count == 2
        again = client.get(thread.get_absolute_url()).content.decode()
        assert rendering.call_count == 2  # both bylines came from the cache
    assert _posts(first) == _posts(again.replace(_csrf(again), _csrf(first)))
    assert f'<a href="{reverse("accounts:profile-detail", args=["quiet_oak"])}">quiet_oak</a>' in again
    assert f'href="{named.get_absolute_url()}" class="post__permalink"' in again
    cache.clear()


@pytest.mark.django_db
def test_a_renamed_or_removed_author_shows_at_once_despite_the_cached_byline(member):
    from django.test import Client

    thread = ThreadFactory()
    author = UserFactory(username="first_name")
    reply_to(thread, author=author)
    client = Client()
    client.force_login(member)
    assert "first_name" in client.get(thread.get_absolute_url()).content.decode()
    author.username = "second_name"
    author.save()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "second_name" in page and "first_name" not in page
    author.removed_at = timezone.now()
    author.save()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Removed member" in page and "second_name" not in page


@pytest.mark.django_db
def test_an_anonymous_posts_byline_still_tells_its_author_it_is_theirs(member, other_member):
    from django.test import Client

    thread = ThreadFactory()
    reply_to(thread, author=member, is_anonymous=True)
    theirs, mine = Client(), Client()
    theirs.force_login(other_member)
    mine.force_login(member)
    assert "Anonymous member (you)" not in theirs.get(thread.get_absolute_url()).content.decode()
    own = mine.get(thread.get_absolute_url()).content.decode()
    assert "Anonymous member (you)" in own and member.username not in own.split("<main")[1]


def _posts(html):
    return html.split('<h2 class="visually-hidden">')[1].split('id="reply-heading"')[0]


def _csrf(html):
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
