"""A long thread as a member reads it, on a phone and on a desktop: each post's kind words are the
buttons of one form, sent with htmx or, without JavaScript, by the form itself; the reply composer
is there with its labels; axe finds nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from forums.models import Reaction
from tests.factories import TEST_PASSWORD, ThreadFactory, UserFactory, reply_to

pytestmark = pytest.mark.django_db(transaction=True)


def _member(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=30))


def _long_thread():
    author = _member("willow_bay")
    thread = ThreadFactory(author=author, title="Getting through the evenings")
    for index in range(24):
        reply_to(thread, author=_member(f"voice_{index}"), body=f"Evening {index}: a **small** thing that helped.")
    return thread


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_member_reacts_with_one_form_per_post_and_the_page_stays_accessible(
    page: Page, live_server, axe, log_in, viewport
):
    page.set_viewport_size(viewport)
    thread = _long_thread()
    reader = _member("reader_fox")
    log_in(reader, TEST_PASSWORD)
    page.goto(live_server.url + thread.get_absolute_url())
    posts = page.locator("article.post")
    expect(posts).to_have_count(20)
    assert page.locator("article.post form[action$='/react/']").count() == 20
    second = posts.nth(1)
    second.get_by_role("button", name="Me too").click()
    expect(posts.nth(1).get_by_role("button", name=re.compile("Me too"))).to_have_attribute("aria-pressed", "true")
    expect(posts.nth(1).get_by_role("button", name="Sending support")).to_have_attribute("aria-pressed", "false")
    assert Reaction.objects.filter(member=reader, kind="me-too").count() == 1
    expect(page.get_by_label("Your message")).to_be_visible()
    axe()
    page.goto(live_server.url + thread.get_absolute_url() + "?page=last")
    expect(page.locator("article.post")).to_have_count(5)
    axe()


def test_member_reacts_without_javascript_through_the_same_form(page: Page, live_server, axe, log_in):
    thread = _long_thread()
    reader = _member("reader_owl")
    log_in(reader, TEST_PASSWORD)
    page.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
    page.goto(live_server.url + thread.get_absolute_url())
    page.locator("article.post").first.get_by_role("button", name="Thank you for sharing").click()
    expect(page.get_by_role("status").filter(has_text="You sent")).to_be_visible()
    opening = page.locator("article.post").first
    expect(opening.get_by_role("button", name=re.compile("Thank you for sharing"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Reaction.objects.filter(member=reader, kind="thank-you").count() == 1
    axe()
