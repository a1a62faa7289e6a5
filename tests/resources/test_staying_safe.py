"""The "Staying safe online" page: reachable from /help/ and from Quick exit, and it reads
neither the session nor the database (it must load in an outage and leave nothing behind)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staying_safe_reads_no_session_and_no_database_even_for_a_member(member_client, django_assert_num_queries):
    url = reverse("resources:staying-safe")
    assert url == "/help/staying-safe/"
    with django_assert_num_queries(0):
        response = member_client.get(url)
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")  # the session was never opened
    assert not response.cookies  # and nothing was set
    html = response.content.decode()
    for words in (
        "Leave quickly",
        "Back still works",
        "Use a private window",
        "Clear your history",
        "On a shared device",
        "Shift key three times",
    ):
        assert words in html


def test_staying_safe_is_linked_from_get_help_now_and_from_quick_exit(django_app):
    help_page = django_app.get(reverse("resources:help"))
    quick_exit = help_page.html.find("nav", class_="quick-exit-nav")
    button = quick_exit.find("a", attrs={"data-quick-exit": True})
    description = quick_exit.find(id=button["aria-describedby"])
    assert description.find("a")["href"] == reverse("resources:staying-safe")

    safe = help_page.click(description="Staying safe online", href=reverse("resources:staying-safe"), index=1)
    assert safe.html.find("h1").get_text() == "Staying safe online"
    # Without JavaScript Quick exit still leaves: a plain link to the neutral site.
    assert safe.html.find("a", attrs={"data-quick-exit": True})["href"] == "https://weather.com/"
