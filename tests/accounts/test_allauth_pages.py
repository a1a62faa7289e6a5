"""Every account page a member can reach speaks in the site's words: "Join" and "Log in" as the
header says, never allauth's stock "Sign Up / Sign In", and no "contact us" where there is no one
to contact. Pages are reached as a person reaches them (forms submitted, links in emails opened)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

STOCK_PHRASES = [
    "Sign In", "Sign Up", "Sign Out", "Signup", "sign in", "sign up", "signed in", "signed out", "Sign-In",
    "sign-in", "finalize the signup", "contact us", "Contact us", "Please contact", "Forgot your password",
    "Forgot Password", "Remember Me", "Hello from", "Thank you for using", "Bad Token", "Confirm Access",
    "reauthenticate", "Account Inactive", "This account is inactive", "Reset My Password", "E-mail",
    "Verify Your Email Address", "Confirm Email Address", "Two-Factor Authentication", "Authenticator App",
    "Recovery Codes", "user account", "Successfully", "Current Password", "New Password",
    "Alternative options", "Re-send Verification", "Warning:", "The username and/or password",
]  # fmt: skip


def _assert_in_our_words(page_text: str, where: str):
    found = [phrase for phrase in STOCK_PHRASES if phrase in page_text]
    assert found == [], f"stock wording on {where}: {found}"


def _visible_text(page):
    return page.html.get_text(" ", strip=True)


def _assert_page_in_our_words(page, where):
    assert len(page.html.find_all("h1")) == 1, where
    _assert_in_our_words(_visible_text(page), where)
    _assert_in_our_words(page.html.title.get_text(), where)


def _member(**fields):
    user = UserFactory(**fields)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.mark.django_db
def test_visitor_pages_and_emails_speak_in_our_words(django_app):
    login = django_app.get(reverse("account_login"))
    _assert_page_in_our_words(login, "login")
    assert login.html.h1.get_text() == "Log in"
    assert login.html.select_one('main form button[type="submit"]').get_text() == "Log in"
    assert "Join Safe Space" in _visible_text(login) and "Forgotten your password?" in _visible_text(login)

    signup = login.click("Join Safe Space")
    _assert_page_in_our_words(signup, "signup")
    assert signup.html.h1.get_text() == "Join Safe Space"
    form = signup.forms[next(k for k, f in signup.forms.items() if "username" in f.fields)]
    form["username"] = "quiet_river"
    form["email"] = "river@example.com"
    form["password1"] = TEST_PASSWORD
    form["password2"] = TEST_PASSWORD
    form["agree_to_guidelines"] = True
    sent = form.submit().maybe_follow()
    _assert_page_in_our_words(sent, "verification sent")
    assert "Confirm your email address" in sent.text

    [confirmation] = mail.outbox
    _assert_in_our_words(confirmation.subject + confirmation.body, "confirmation email")
    confirm = django_app.get(_link_in(confirmation))
    _assert_page_in_our_words(confirm, "email confirm")
    expired = django_app.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    _assert_page_in_our_words(expired, "expired confirmation")
    assert "doesn't work any more" in expired.text

    # Joining again with the same address sends a kind note, not a stock one.
    mail.outbox.clear()
    again = django_app.get(reverse("account_signup"))
    form = again.forms[next(k for k, f in again.forms.items() if "username" in f.fields)]
    form["username"] = "another_river"
    form["email"] = "river@example.com"
    form["password1"] = TEST_PASSWORD
    form["password2"] = TEST_PASSWORD
    form["agree_to_guidelines"] = True
    form.submit()
    [exists] = mail.outbox
    _assert_in_our_words(exists.subject + exists.body, "account already exists email")
    assert "already belongs to an account" in exists.body

    for name in ("account_inactive", "account_reset_password_done"):
        _assert_page_in_our_words(django_app.get(reverse(name)), name)
    bad_key = django_app.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "bad-key"}))
    _assert_page_in_our_words(bad_key, "expired reset link")
    assert "This link has expired" in bad_key.text


@pytest.mark.django_db
def test_password_reset_journey_and_its_email_speak_in_our_words(django_app):
    member = _member(username="willow_tree")
    reset = django_app.get(reverse("account_reset_password"))
    _assert_page_in_our_words(reset, "password reset")
    text = _visible_text(reset)
    assert "Please contact" not in text and "Nothing arriving?" in text
    form = next(f for f in reset.forms.values() if "email" in f.fields)
    form["email"] = member.email
    done = form.submit().maybe_follow()
    _assert_page_in_our_words(done, "password reset done")
    [email] = mail.outbox
    _assert_in_our_words(email.subject + email.body, "password reset email")
    assert "willow_tree" in email.body

    choose = django_app.get(_link_in(email)).maybe_follow()
    _assert_page_in_our_words(choose, "choose a new password")
    form = next(f for f in choose.forms.values() if "password1" in f.fields)
    form["password1"] = "a-brand-new-calm-password"
    form["password2"] = "a-brand-new-calm-password"
    finished = form.submit().maybe_follow()
    _assert_page_in_our_words(finished, "password changed")
    assert "Your password is changed" in finished.text

    mail.outbox.clear()
    form = next(f for f in django_app.get(reverse("account_reset_password")).forms.values() if "email" in f.fields)
    form["email"] = "nobody-here@example.com"
    form.submit()
    [unknown] = mail.outbox
    _assert_in_our_words(unknown.subject + unknown.body, "unknown account email")


@pytest.mark.django_db
def test_member_account_pages_speak_in_our_words(django_app):
    member = _member(username="fern")
    for name in ("account_logout", "account_change_password", "account_email", "account_reauthenticate",
                 "mfa_index", "usersessions_list"):  # fmt: skip
        page = django_app.get(reverse(name), user=member).maybe_follow()
        _assert_page_in_our_words(page, name)
    logout = django_app.get(reverse("account_logout"), user=member)
    assert logout.html.select_one('main form button[type="submit"]').get_text() == "Log out"
    sessions = django_app.get(reverse("usersessions_list"), user=member)
    assert "Devices you're logged in on" in sessions.text


@pytest.mark.django_db
def test_member_without_a_password_is_asked_to_choose_one_in_our_words(django_app):
    member = _member(username="sorrel")
    member.set_unusable_password()
    member.save()
    page = django_app.get(reverse("account_set_password"), user=member)
    _assert_page_in_our_words(page, "set password")


@pytest.mark.django_db
def test_two_factor_pages_speak_in_our_words(django_app):
    member = _member(username="hazel")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    RecoveryCodes.activate(member)

    login = django_app.get(reverse("account_login"))
    form = next(f for f in login.forms.values() if "login" in f.fields)
    form["login"] = "hazel"
    form["password"] = TEST_PASSWORD
    code_page = form.submit().maybe_follow()
    _assert_page_in_our_words(code_page, "two-factor code")
    form = next(f for f in code_page.forms.values() if "code" in f.fields)
    import time

    form["code"] = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    logged_in = form.submit().maybe_follow()
    _assert_in_our_words(_visible_text(logged_in), "after logging in")
    assert "Welcome, hazel." in logged_in.text

    for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        _assert_page_in_our_words(django_app.get(reverse(name)).maybe_follow(), name)
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()

    # And setting the app up from scratch.
    Authenticator.objects.filter(user=member).delete()
    activate = django_app.get(reverse("mfa_activate_totp")).maybe_follow()
    if activate.request.path == reverse("account_reauthenticate"):
        _assert_page_in_our_words(activate, "confirm it's you")
        form = next(f for f in activate.forms.values() if "password" in f.fields)
        form["password"] = TEST_PASSWORD
        activate = form.submit().maybe_follow()
    assert activate.request.path == reverse("mfa_activate_totp")
    _assert_page_in_our_words(activate, "set up an authenticator app")
    assert activate.html.select_one("img.mfa-qr")["alt"] == "QR code for your authenticator app"

    logged_out = next(f for f in django_app.get(reverse("account_logout")).forms.values()
                      if f.action == reverse("account_logout") and "next" not in f.fields)  # fmt: skip
    after = logged_out.submit().maybe_follow()
    _assert_in_our_words(_visible_text(after), "after logging out")
    assert "You're logged out." in _visible_text(after)
