import pytest
from django.test import Client
from django.urls import reverse


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_moderator_without_mfa_is_sent_to_set_it_up_before_admin(moderator_without_mfa):
    response = _client(moderator_without_mfa).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_without_mfa_is_sent_to_set_it_up(db):
    from tests.factories import AdminFactory

    response = _client(AdminFactory(two_factor=False)).get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_admin_with_mfa_reaches_the_admin(admin_client):
    assert admin_client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_member_is_not_asked_for_mfa_on_ordinary_pages(member_client):
    assert member_client.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.django_db
def test_member_reaching_admin_is_sent_to_login_not_mfa(member_client):
    response = member_client.get("/admin/")
    assert response.status_code == 302
    assert "mfa" not in response["Location"]


@pytest.mark.django_db
def test_admin_login_page_goes_through_allauth(anon_client):
    response = anon_client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
