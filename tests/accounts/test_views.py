import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import GuidelineAgreement, User
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.django_db
def test_profile_shows_pseudonym_bio_and_join_date_but_never_email(anon_client):
    member = UserFactory(bio="Learning to be gentle with myself.")
    html = anon_client.get(reverse("accounts:profile-detail", args=[member.username])).content.decode()
    assert member.username in html
    assert "Learning to be gentle with myself." in html
    assert "Member since" in html
    assert member.email not in html


@pytest.mark.django_db
def test_profile_of_unknown_or_removed_member_is_404(anon_client):
    assert anon_client.get(reverse("accounts:profile-detail", args=["nobody"])).status_code == 404
    removed = UserFactory(is_active=False)
    assert anon_client.get(reverse("accounts:profile-detail", args=[removed.username])).status_code == 404


@pytest.mark.django_db
def test_profile_bio_is_escaped(anon_client):
    member = UserFactory(bio="<script>alert(1)</script>")
    html = anon_client.get(reverse("accounts:profile-detail", args=[member.username])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["accounts:settings", "accounts:account-delete"])
def test_settings_pages_send_visitors_to_login(anon_client, name):
    response = anon_client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_settings_saves_bio(member_client, member):
    response = member_client.post(reverse("accounts:settings"), {"bio": "Here most evenings."}, follow=True)
    assert "Your profile is saved." in response.content.decode()
    member.refresh_from_db()
    assert member.bio == "Here most evenings."


@pytest.mark.django_db
def test_settings_keeps_a_too_long_bio_and_explains(member_client, member):
    long_bio = "x" * 301
    response = member_client.post(reverse("accounts:settings"), {"bio": long_bio})
    assert response.status_code == 200
    assert long_bio in response.content.decode()
    assert "at most 300 characters" in response.content.decode()


@pytest.mark.django_db
def test_data_export_is_a_json_download_of_everything_about_the_member(member_client, member):
    response = member_client.post(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["pseudonym"] == member.username
    assert data["email_addresses"] == [{"email": member.email, "verified": True, "primary": True}]
    for section in ("posts", "reactions", "reports_filed"):
        assert section in data


@pytest.mark.django_db
def test_data_export_needs_post_and_login(anon_client, member_client):
    assert member_client.get(reverse("accounts:data-export")).status_code == 405
    assert anon_client.post(reverse("accounts:data-export")).status_code == 302


@pytest.mark.django_db
def test_account_delete_with_wrong_password_keeps_the_account(member_client, member):
    response = member_client.post(reverse("accounts:account-delete"), {"posts": "keep", "password": "wrong"})
    assert response.status_code == 200
    assert "That password doesn&#x27;t match. Please try again." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def _login_through_allauth(member) -> Client:
    """A real login, so allauth records the session (with its IP address) as it does in production."""
    client = Client(REMOTE_ADDR="203.0.113.7")
    response = client.post(reverse("account_login"), {"login": member.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_account_delete_erases_email_sessions_mfa_and_ip_traces(member, choice):
    client = _login_through_allauth(member)
    other_device = _login_through_allauth(member)
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "s"})
    assert UserSession.objects.filter(user=member, ip="203.0.113.7").count() == 2

    response = client.post(reverse("accounts:account-delete"), {"posts": choice, "password": TEST_PASSWORD})
    assert response.status_code == 302

    member.refresh_from_db()
    assert member.is_removed and not member.is_active
    assert member.email == "" and member.bio == ""
    assert member.display_name == "Removed member"
    assert not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not UserSession.objects.filter(user=member).exists()
    assert not GuidelineAgreement.objects.filter(user=member).exists()
    assert not Session.objects.exists()  # every device signed out, not only this one
    assert other_device.get(reverse("accounts:settings")).status_code == 302


@pytest.mark.django_db
def test_deleted_member_cannot_log_in_and_pseudonym_is_free_again(member, anon_client):
    old_name = member.username
    client = _login_through_allauth(member)
    client.post(reverse("accounts:account-delete"), {"posts": "keep", "password": TEST_PASSWORD})
    response = anon_client.post(reverse("account_login"), {"login": old_name, "password": TEST_PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert not User.objects.filter(username=old_name).exists()


@pytest.mark.django_db
def test_export_includes_posts_reactions_and_reading_settings(member_client, member, thread, other_member):
    from forums.services.preferences import add_hidden_word, mute_member
    from forums.services.reactions import toggle_reaction

    other_post = thread.posts.get()
    toggle_reaction(other_post, acting_user=other_member, kind="support")
    add_hidden_word("anniversary", acting_user=member)
    mute_member(other_member, acting_user=member)
    data = json.loads(member_client.post(reverse("accounts:data-export")).content)
    assert data["posts"][0]["thread"] == thread.title
    assert data["posts"][0]["body"] == other_post.body
    assert data["reading_settings"]["hidden_words"] == ["anniversary"]
    assert data["reading_settings"]["muted_members"] == [other_member.username]
    theirs = json.loads(_login_client(other_member).post(reverse("accounts:data-export")).content)
    assert theirs["reactions"][0]["kind"] == "support"


def _login_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_removing_posts_on_deletion_empties_them(member, thread):
    client = _login_through_allauth(member)
    client.post(reverse("accounts:account-delete"), {"posts": "remove", "password": TEST_PASSWORD})
    post = thread.posts.get()
    assert post.body == "" and post.is_removed
    assert "This post was removed by its author." in Client().get(thread.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_keeping_posts_on_deletion_shows_a_removed_member(member, thread):
    client = _login_through_allauth(member)
    client.post(reverse("accounts:account-delete"), {"posts": "keep", "password": TEST_PASSWORD})
    html = Client().get(thread.get_absolute_url()).content.decode()
    assert thread.posts.get().body in html
    assert "Removed member" in html


@pytest.mark.django_db
def test_export_and_deletion_cover_notifications_and_email_choices(member, thread, django_capture_on_commit_callbacks):
    from forums.models import BoardFollow, EmailDelivery, EmailPreference, Notification
    from forums.notifications.choices import pause_notifications, set_email_cadences
    from forums.services.follows import follow_board
    from forums.services.posts import create_reply
    from tests.factories import UserFactory

    follow_board(thread.board, member=member)
    set_email_cadences(member=member, cadences={"reaction": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        create_reply(thread, acting_user=UserFactory(username="lantern"), body="Thinking of you.")
    pause_notifications(member=member, length="return")
    data = json.loads(_login_client(member).post(reverse("accounts:data-export")).content)
    assert data["notifications"][0]["text"] == "lantern replied in “A hard week”"
    assert data["notification_settings"]["email"]["reaction"] == "off"
    assert data["notification_settings"]["paused_until_i_return"] is True
    assert data["followed_boards"][0]["board"] == thread.board.name

    client = _login_through_allauth(member)
    client.post(reverse("accounts:account-delete"), {"posts": "keep", "password": TEST_PASSWORD})
    for model, field in [(Notification, "recipient"), (EmailDelivery, "recipient"), (EmailPreference, "member"),
                         (BoardFollow, "member")]:  # fmt: skip
        assert not model.objects.filter(**{field: member}).exists(), model


@pytest.mark.django_db
def test_export_includes_reports_filed_and_decisions_about_the_member(member, thread, moderator):
    from moderation.selectors import guideline_get_current
    from moderation.services import file_report, sanction_member
    from tests.factories import UserFactory, reply_to

    other_post = reply_to(thread, author=UserFactory())
    file_report(acting_user=member, post=other_post, reason="spam", note="ads")
    sanction_member(
        member, acting_user=moderator, kind="warning", guideline_section=guideline_get_current().sections.first()
    )
    data = json.loads(_login_client(member).post(reverse("accounts:data-export")).content)
    assert (
        data["reports_filed"][0]["note"] == "ads" and data["reports_filed"][0]["about"] == other_post.get_absolute_url()
    )
    assert data["moderation_decisions_about_you"][0]["kind"] == "warning"
    theirs = json.loads(_login_client(other_post.author).post(reverse("accounts:data-export")).content)
    assert theirs["reports_filed"] == [] and member.username not in json.dumps(theirs)
