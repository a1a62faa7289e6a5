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


# Committing for real, as `make run` does: the demo's emails are sent when each write commits.
# The serialized rollback puts back what migrations seeded, for the tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(
    SETTINGS_MODULE="safespace.settings.local",  # as in `make run`: emails would go to the console
    EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    SITE_URL="http://127.0.0.1:8110",
)
def test_seed_demo_prints_no_email_and_ends_with_the_accounts(capsys):
    from forums.models import EmailDelivery

    call_command("seed_demo")
    printed = capsys.readouterr()
    for email_part in ("Subject:", "Content-Type:", "Hello demo_member", "unsubscribe"):
        assert email_part not in printed.out and email_part not in printed.err
    lines = printed.out.strip().splitlines()
    assert lines[-4:] == [f"  {name:<16} password: calm-harbour-demo"
                          for name in ("demo_member", "demo_moderator", "demo_admin", "demo_willow")]  # fmt: skip
    assert "Open http://127.0.0.1:8110/ and log in" in lines[-5]
    # The demo's emails were still written and settled, so no worker sends them later.
    assert EmailDelivery.objects.exists()
    assert not EmailDelivery.objects.exclude(status="sent").exists()
