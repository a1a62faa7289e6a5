import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import GuidelineAgreement, User
from moderation.models import Guideline


def _signup_data(**overrides):
    data = {
        "username": "quiet_river",
        "email": "river@example.com",
        "password1": "a-long-test-password-1",
        "password2": "a-long-test-password-1",
        "agree_to_guidelines": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_page_asks_for_a_pseudonym_not_a_real_name(anon_client):
    html = anon_client.get(reverse("account_signup")).content.decode()
    assert "Pseudonym" in html
    assert "don't use your real name" in html
    assert "first_name" not in html and "last_name" not in html


@pytest.mark.django_db
def test_signup_records_which_guidelines_version_was_agreed(anon_client):
    response = anon_client.post(reverse("account_signup"), _signup_data())
    assert response.status_code == 302
    user = User.objects.get(username="quiet_river")
    agreement = GuidelineAgreement.objects.get(user=user)
    assert agreement.guideline == Guideline.objects.current()
    assert agreement.agreed_at is not None


@pytest.mark.django_db
def test_signup_without_agreeing_keeps_what_was_typed_and_explains(anon_client):
    response = anon_client.post(reverse("account_signup"), _signup_data(agree_to_guidelines=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please read and agree to the community guidelines to join." in html
    assert 'value="quiet_river"' in html
    assert 'value="river@example.com"' in html
    assert not User.objects.filter(username="quiet_river").exists()


@pytest.mark.django_db
def test_signup_requires_email_verification_before_login(anon_client):
    anon_client.post(reverse("account_signup"), _signup_data())
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # Not logged in until the email is confirmed.
    response = anon_client.get(reverse("accounts:settings"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_accepts_pseudonym_or_email(anon_client, member):
    for login in (member.username, member.email):
        client = anon_client.__class__()
        response = client.post(reverse("account_login"), {"login": login, "password": "a-long-test-password-1"})
        assert response.status_code == 302, login
        assert client.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_email_is_registered(anon_client, member):
    known = anon_client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = anon_client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_logout_needs_a_post(member_client):
    assert member_client.get(reverse("account_logout")).status_code == 200  # a confirmation page, still logged in
    assert member_client.get(reverse("accounts:settings")).status_code == 200
    member_client.post(reverse("account_logout"))
    assert member_client.get(reverse("accounts:settings")).status_code == 302
