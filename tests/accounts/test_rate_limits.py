"""Login limits count the real client behind our proxy, and only our proxy may say who that is."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from safespace.client_ip import client_ip
from tests.factories import UserFactory

LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
PROXY = "10.0.0.2"


def _login(django_app, *, login, password, client_address):
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}
    page = django_app.get(reverse("account_login"), extra_environ=extra)
    form = page.forms[[key for key, f in page.forms.items() if "login" in f.fields][0]]
    form["login"], form["password"] = login, password
    return form.submit(extra_environ=extra)


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS=LIMITS, TRUSTED_PROXIES=[PROXY])
def test_one_persons_typos_behind_the_proxy_never_lock_out_anyone_else(django_app):
    someone = UserFactory(username="rowan")
    someone.set_password("the right password")
    someone.save()
    for attempt in range(11):
        _login(django_app, login=f"nobody{attempt}", password="wrong", client_address="203.0.113.7")
    django_app.reset()
    response = _login(django_app, login="rowan", password="the right password", client_address="198.51.100.4")
    assert response.status_code == 302, "a different member behind the same proxy was locked out"
    # The person making the typos is limited, by their own address.
    django_app.reset()
    refused = _login(django_app, login="rowan", password="the right password", client_address="203.0.113.7")
    assert refused.status_code != 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),  # from our proxy: the address it saw
        ("10.0.0.2", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the client's own claim is ignored
        ("192.0.2.50", "203.0.113.7", "192.0.2.50"),  # not our proxy: its header is not believed
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "[2001:db8::5]:443", "2001:db8::5"),
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
