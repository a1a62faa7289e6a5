import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from forums.models import Board, Notification, Post, Thread


@pytest.mark.django_db
@override_settings(MODERATION_HOLD_FIRST_POST=True, SETTINGS_MODULE="safespace.settings.local")  # as in `make run`
def test_seed_demo_builds_a_lived_in_forum_once(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    printed = capsys.readouterr().out
    assert "demo_member" in printed and "password: calm-harbour-demo" in printed
    assert Board.objects.count() == 7
    assert set(User.objects.values_list("username", flat=True)) >= {"demo_member", "demo_moderator", "demo_admin"}
    member = User.objects.get(username="demo_member")
    assert member.check_password("calm-harbour-demo")
    assert Thread.objects.count() == 3
    assert not Thread.objects.filter(is_hidden=True).exists()
    assert not Post.objects.filter(is_pending_approval=True).exists()
    kinds = set(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == {"reply", "mention", "reaction"}
    anonymous = Post.objects.get(is_anonymous=True)
    assert anonymous.author == member  # the demo's anonymous reply is demo_member's own
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert Thread.objects.count() == 3 and Board.objects.count() == 7


@pytest.mark.django_db
@override_settings(SETTINGS_MODULE="safespace.settings.production")
def test_seed_demo_refuses_production_settings():
    with pytest.raises(CommandError, match="refuses to run with production settings"):
        call_command("seed_demo")
    assert not User.objects.exists()
