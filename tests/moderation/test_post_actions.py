"""Each action on a post's moderation page posts to its own address, and the page's display rules
(claims, blurred cards) come from the selectors."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Post
from moderation.models import BoardModerator, QueueItem, ReportReason
from moderation.permissions import access_post_for_moderation
from moderation.selectors import claims_held_by, queue_page_for_moderator
from moderation.services import claim_item, file_report
from tests.factories import ModeratorFactory, ThreadFactory, UserFactory, reply_to

ACTION_URLS = {
    "restore": "moderation:post-moderate-restore",
    "lock": "moderation:post-moderate-thread",
    "pin": "moderation:post-moderate-thread",
    "move": "moderation:post-moderate-move",
    "edit": "moderation:post-moderate-edit",
    "warning": "moderation:post-moderate-warning",
    "reveal": "moderation:post-moderate-reveal",
}


def _form(page, step):
    return next(form for form in page.forms.values() if "form" in form.fields and form["form"].value == step)


@pytest.mark.django_db
def test_each_form_on_the_post_page_posts_to_its_own_action(django_app, moderator):
    post = reply_to(ThreadFactory(), is_anonymous=True)
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    page = django_app.get(reverse("moderation:post-moderate", args=[post.pk]), user=moderator)
    for step, name in ACTION_URLS.items():
        args = [post.pk, step] if name == "moderation:post-moderate-thread" else [post.pk]
        assert _form(page, step).action == reverse(name, args=args)


@pytest.mark.django_db
def test_thread_locked_through_its_own_action_from_the_page(django_app, moderator):
    post = reply_to(ThreadFactory())
    page = django_app.get(reverse("moderation:post-moderate", args=[post.pk]), user=moderator)
    done = _form(page, "lock").submit().follow()
    assert "Thread locked" in done.text
    post.thread.refresh_from_db()
    assert post.thread.is_locked
    assert _form(done, "unlock").action == reverse("moderation:post-moderate-thread", args=[post.pk, "unlock"])


@pytest.mark.django_db
def test_an_edit_refused_keeps_what_the_moderator_typed(django_app, moderator):
    post = reply_to(ThreadFactory(), body="My address is 1 Elm Street.")
    page = django_app.get(reverse("moderation:post-moderate", args=[post.pk]), user=moderator)
    form = _form(page, "edit")
    form["edit-body"] = "My address is [removed]."
    form["edit-reason"] = ""
    refused = form.submit()
    assert refused.status_code == 200 and "Please say why you are editing" in refused.text
    assert _form(refused, "edit")["edit-body"].value == "My address is [removed]."


@pytest.mark.django_db
def test_actions_answer_other_boards_moderators_with_the_missing_post_404(client, moderator):
    post = reply_to(ThreadFactory())
    warden = UserFactory()
    BoardModerator.objects.create(board=ThreadFactory().board, member=warden)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=warden, type=Authenticator.Type.TOTP, data={"secret": "test"})
    client.force_login(warden)
    assert client.post(reverse("moderation:post-moderate-thread", args=[post.pk, "lock"])).status_code == 404
    assert client.post(reverse("moderation:post-moderate-restore", args=[post.pk + 1000])).status_code == 404
    client.force_login(moderator)
    assert client.get(reverse("moderation:post-moderate-move", args=[post.pk])).status_code == 405
    assert client.post(reverse("moderation:post-moderate-thread", args=[post.pk, "delete"])).status_code == 404
    with pytest.raises(Exception):  # noqa: B017
        access_post_for_moderation(warden, post.pk)
    assert access_post_for_moderation(moderator, post.pk) == post


@pytest.mark.django_db
def test_a_claim_is_live_for_thirty_minutes_on_the_card_and_the_item(django_app, moderator):
    post = reply_to(ThreadFactory())
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    item = QueueItem.objects.get()
    claim_item(item, acting_user=moderator)
    other = ModeratorFactory()
    queue = django_app.get(reverse("moderation:queue"), user=other)
    assert f"claimed by {moderator.display_name}" in queue.text
    assert claims_held_by(moderator) == 1
    QueueItem.objects.filter(pk=item.pk).update(claimed_at=timezone.now() - timedelta(minutes=31))
    queue = django_app.get(reverse("moderation:queue"), user=other)
    assert "claimed by" not in queue.text
    assert claims_held_by(moderator) == 0
    detail = django_app.get(reverse("moderation:item-detail", args=[item.pk]), user=other)
    assert "Claim it" in detail.text and f"{moderator.display_name} has this item" not in detail.text
    assert claim_item(item, acting_user=other) is True


@pytest.mark.django_db
def test_queue_cards_blur_urgent_items_and_posts_behind_hard_warnings_only(moderator):
    hard = reply_to(ThreadFactory(), content_warnings=["suicide"])
    plain = reply_to(ThreadFactory(), content_warnings=["grief"])
    for post in (hard, plain):
        file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    worried = reply_to(ThreadFactory())
    file_report(acting_user=UserFactory(), post=worried, reason=ReportReason.WORRIED)
    blur = {item.post_id: item.should_blur for item in queue_page_for_moderator(viewer=moderator)}
    assert blur == {hard.pk: True, plain.pk: False, worried.pk: True}
