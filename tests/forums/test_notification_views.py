import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums.models import BoardFollow, EmailCadence, Notification, NotificationKind
from tests.factories import ThreadFactory, UserFactory, reply_to


def _notify(member, count=1):
    for _ in range(count):
        thread = ThreadFactory()
        post = reply_to(thread)
        Notification.objects.create(
            recipient=member, kind=NotificationKind.REPLY, actor=post.author, post=post,
            link=post.get_absolute_url(), group_key=f"post:{post.pk}",
        )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,args,method",
    [
        ("notification-list", [], "get"),
        ("notification-open", [1], "get"),
        ("notification-read", [1], "post"),
        ("notification-read-all", [], "post"),
        ("notification-settings", [], "get"),
        ("notifications-pause", [], "post"),
        ("notifications-resume", [], "post"),
        ("board-follow", ["anxiety"], "post"),
    ],
)
def test_notification_pages_need_login(anon_client, name, args, method):
    response = getattr(anon_client, method)(reverse(f"forums:{name}", args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_notification_list_shows_unread_and_opening_goes_to_the_post(member, member_client):
    _notify(member)
    notification = Notification.objects.get()
    page = member_client.get(reverse("forums:notification-list")).content.decode()
    assert "replied in" in page and "Unread" in page
    response = member_client.get(reverse("forums:notification-open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == notification.post.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_another_members_notification_is_not_found(member, other_member, member_client):
    _notify(other_member)
    notification = Notification.objects.get()
    assert member_client.get(reverse("forums:notification-open", args=[notification.pk])).status_code == 404
    assert member_client.post(reverse("forums:notification-read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_mark_all_read_empties_the_bell(member, member_client):
    _notify(member, 3)
    assert 'notification-bell__count">3<' in member_client.get("/").content.decode()
    response = member_client.post(reverse("forums:notification-read-all"), follow=True)
    assert "All caught up." in response.content.decode()
    assert "notification-bell__count" not in response.content.decode()


@pytest.mark.django_db
def test_mark_one_read_returns_to_the_page_it_came_from_only_when_local(member, member_client):
    _notify(member, 2)
    first = Notification.objects.first()
    response = member_client.post(
        reverse("forums:notification-read", args=[first.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("forums:notification-list")
    second = Notification.objects.exclude(pk=first.pk).get()
    response = member_client.post(reverse("forums:notification-read", args=[second.pk]), {"next": "/?page=2"})
    assert response.url == "/?page=2"


@pytest.mark.django_db
@pytest.mark.parametrize("back", ["notifications", "a\x00b", "/notifications/\nSet-Cookie: x=1"])
def test_mark_all_read_with_a_strange_return_address_goes_to_the_bell(member, member_client, back):
    """A bare word would be looked up as a view name and a newline would break the header: both
    answered 500 after the notifications were already marked read."""
    _notify(member, 2)
    response = member_client.post(reverse("forums:notification-read-all"), {"next": back})
    assert response.status_code == 302
    assert response.url == reverse("forums:notification-list")
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_email_choices_are_saved_and_shown(member, member_client):
    url = reverse("forums:notification-settings")
    page = member_client.get(url).content.decode()
    assert "Replies in threads you follow" in page and "Urgent items for moderators" not in page
    data = {kind: EmailCadence.OFF for kind in ["reply", "mention", "reaction", "moderation", "report-outcome",
                                                 "suggestion-published", "board-digest"]}  # fmt: skip
    data["reply"] = EmailCadence.DAILY
    response = member_client.post(url, data, follow=True)
    assert "Your email choices are saved." in response.content.decode()
    assert dict(member.email_preferences.values_list("kind", "cadence"))["reply"] == EmailCadence.DAILY


@pytest.mark.django_db
def test_a_broken_email_choice_is_refused_and_nothing_changes(member, member_client):
    response = member_client.post(reverse("forums:notification-settings"), {"reply": "every-minute"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not member.email_preferences.exists()


@pytest.mark.django_db
def test_moderators_can_choose_how_they_hear_of_urgent_items(moderator_client):
    page = moderator_client.get(reverse("forums:notification-settings")).content.decode()
    assert "Urgent items for moderators" in page


@pytest.mark.django_db
def test_take_a_break_from_the_header_and_come_back(member, member_client):
    response = member_client.post(reverse("forums:notifications-pause"), {"length": "week", "next": "/"}, follow=True)
    html = response.content.decode()
    assert "Your break has started." in html and "You're taking a break" in html
    member.refresh_from_db()
    assert member.notifications_paused
    response = member_client.post(reverse("forums:notifications-resume"), {"next": "/"}, follow=True)
    assert "Welcome back." in response.content.decode()
    member.refresh_from_db()
    assert not member.notifications_paused


@pytest.mark.django_db
def test_a_break_without_a_length_is_refused_kindly(member, member_client):
    response = member_client.post(reverse("forums:notifications-pause"), {"length": "forever"}, follow=True)
    assert "Please choose how long your break should be." in response.content.decode()
    member.refresh_from_db()
    assert not member.notifications_paused


@pytest.mark.django_db
def test_follow_and_unfollow_a_board(member, member_client, board):
    member_client.post(reverse("forums:board-follow", args=[board.slug]))
    assert BoardFollow.objects.filter(member=member, board=board).exists()
    assert "Stop following this board" in member_client.get(board.get_absolute_url()).content.decode()
    member_client.post(reverse("forums:board-follow", args=[board.slug]), {"follow": "0"})
    assert not BoardFollow.objects.exists()


@pytest.mark.django_db
def test_a_members_only_board_cannot_be_followed_by_guessing_as_a_visitor(anon_client, board):
    board.members_only = True
    board.save()
    anon_client.post(reverse("forums:board-follow", args=[board.slug]))
    assert not BoardFollow.objects.exists()


def _queries(client, url):
    cache.clear()
    client.get(url)  # warm: the bell's count is cached as it is for members
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_notification_list_query_count_is_constant(member, member_client):
    _notify(member)
    one = _queries(member_client, reverse("forums:notification-list"))
    _notify(member, 29)
    assert _queries(member_client, reverse("forums:notification-list")) == one <= 6


@pytest.mark.django_db
def test_the_bell_costs_one_query_and_then_none(member, member_client):
    _notify(member, 2)
    UserFactory()
    cache.clear()
    # (Not /help/: it never reads who you are, so it shows no bell.)
    with CaptureQueriesContext(connection) as cold:
        member_client.get(reverse("guidelines"))
    with CaptureQueriesContext(connection) as warm:
        member_client.get(reverse("guidelines"))
    counts = [q["sql"] for q in cold.captured_queries if "forums_notification" in q["sql"]]
    assert len(counts) == 1
    assert not [q for q in warm.captured_queries if "forums_notification" in q["sql"]]


@pytest.mark.django_db
def test_mark_as_read_buttons_carry_their_csrf_token(member):
    from django.test import Client

    _notify(member)
    notification = Notification.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    html = client.get(reverse("forums:notification-list")).content.decode()
    form = html.split(f'action="{reverse("forums:notification-read", args=[notification.pk])}"', 1)[1].split("</form>")[
        0
    ]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(reverse("forums:notification-read", args=[notification.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_admins_can_watch_the_outbox_drain_but_not_change_it(admin_client, client, member):
    _notify(member)
    assert admin_client.get(reverse("admin:forums_notificationevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:forums_emaildelivery_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:forums_emaildelivery_add")).status_code == 403
    client.force_login(member)
    assert client.get(reverse("admin:forums_emaildelivery_changelist")).status_code == 302  # to the login
