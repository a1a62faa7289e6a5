"""What each person may do with a post is decided once, in the selector, with forums.permissions
(`post.actions`); the page offers exactly that. Asserted from the page as rendered, for every role."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Post, Thread
from forums.selectors.posts import actions_for_post
from tests.factories import ThreadFactory, UserFactory, reply_to

OFFERS = ["Quote", "Edit", "Remove", "Hide", "Report", "Moderate", "Edit history", "reactions"]


def _offers(page, post) -> set[str]:
    article = page.html.find("article", id=f"post-{post.pk}")
    footer = article.find("footer")
    if footer is None:
        return set()
    words = {" ".join(item.get_text(" ").split()) for item in footer.select(".post__actions li")}
    found = {offer for offer in OFFERS for word in words if word.startswith(offer + " ") or word == offer}
    # "Edit" must not also be read from "Edit history".
    if not any(word.startswith("Edit ") and not word.startswith("Edit history") for word in words):
        found.discard("Edit")
    if footer.select(".reactions__buttons"):
        found.add("reactions")
    return found


@pytest.fixture
def edited_post(db):
    author = UserFactory(username="rowan")
    thread = ThreadFactory(author=author)
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(edited_at=timezone.now())
    return Post.objects.get(pk=post.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("visitor", set()),
        ("author", {"Quote", "Edit", "Remove", "Edit history"}),
        ("member", {"Quote", "Hide", "Report", "reactions"}),
        ("moderator", {"Quote", "Hide", "Report", "Moderate", "Edit history", "reactions"}),
    ],
)
def test_post_actions_offer_each_role_what_the_permissions_allow(django_app, edited_post, moderator, who, expected):
    user = {"visitor": None, "author": edited_post.author, "member": UserFactory(), "moderator": moderator}[who]
    page = django_app.get(edited_post.thread.get_absolute_url(), user=user)
    assert _offers(page, edited_post) == expected


@pytest.mark.django_db
def test_post_actions_in_a_locked_thread_offer_no_quote_or_reaction_but_still_a_report(django_app, edited_post):
    Thread.objects.filter(pk=edited_post.thread_id).update(is_locked=True)
    page = django_app.get(edited_post.thread.get_absolute_url(), user=UserFactory())
    assert _offers(page, edited_post) == {"Hide", "Report"}


@pytest.mark.django_db
def test_post_actions_offer_nothing_on_a_post_its_author_removed(django_app, edited_post):
    reply = reply_to(edited_post.thread)
    Post.objects.filter(pk=reply.pk).update(removed_by_author_at=timezone.now())
    for user in (reply.author, UserFactory()):
        page = django_app.get(edited_post.thread.get_absolute_url(), user=user)
        assert _offers(page, reply) == set()


@pytest.mark.django_db
def test_post_actions_report_link_leads_to_the_report_form(django_app, edited_post):
    page = django_app.get(edited_post.thread.get_absolute_url(), user=UserFactory())
    report = page.click(href=reverse("moderation:report-post", args=[edited_post.pk]))
    assert report.status_code == 200
    assert report.request.path == reverse("moderation:report-post", args=[edited_post.pk])


@pytest.mark.django_db
def test_post_actions_are_decided_without_a_query(edited_post, django_assert_num_queries):
    viewer = UserFactory()
    assert not viewer.is_moderator  # roles are read once per request, as every page's header does
    post = Post.objects.select_related("author").get(pk=edited_post.pk)
    with django_assert_num_queries(0):
        actions = actions_for_post(post, viewer=viewer, replies_open=True, moderates_board=False)
    assert (actions.quote, actions.react, actions.report, actions.hide_for_me) == (True, True, True, True)
    assert not (actions.edit or actions.remove or actions.history or actions.moderate or actions.appeal)


@pytest.mark.django_db
def test_post_actions_htmx_reaction_swap_keeps_the_buttons_for_others_and_none_for_the_author(client, edited_post):
    member = UserFactory()
    client.force_login(member)
    swapped = client.post(
        reverse("forums:post-react", args=[edited_post.pk]), {"kind": "support"}, headers={"HX-Request": "true"}
    )
    assert "reactions__buttons" in swapped.content.decode()
    client.force_login(edited_post.author)
    own = client.post(
        reverse("forums:post-react", args=[edited_post.pk]), {"kind": "support"}, headers={"HX-Request": "true"}
    )
    assert "reactions__buttons" not in own.content.decode()
