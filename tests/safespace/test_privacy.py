"""Anonymity and privacy against a curious insider.

The rule: nothing a member, moderator or admin can observe depends on who wrote an anonymous post,
except for the author themself and a logged reveal. The cast: an anonymous author (who also writes
under their pseudonym), other members, a board moderator of another board, a global moderator who
has not revealed anything, a moderator without two-factor authentication, and an admin."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forums.models import Board, Post, Thread
from forums.services.posts import edit_post
from moderation.models import BoardModerator
from safespace.refusals import Refused
from tests.factories import AdminFactory, BoardFactory, ModeratorFactory, UserFactory, create_thread, reply_to


def _settled(**fields) -> User:
    """A member past their first week, so first-post approval and new-member limits stay out of the way."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=60), **fields)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class Cast:
    author: User
    reader: User
    second_reader: User
    board_moderator: User
    moderator: User
    moderator_without_mfa: User
    admin: User
    board: Board
    other_board: Board
    named_thread: Thread
    anonymous_thread: Thread

    @property
    def anonymous_post(self) -> Post:
        return self.anonymous_thread.posts.get(position=1)

    @property
    def named_post(self) -> Post:
        return self.named_thread.posts.get(position=1)

    def insiders(self):
        """Everyone but the author, with a name for failure messages."""
        return {
            "visitor": None,
            "reader": self.reader,
            "board moderator of another board": self.board_moderator,
            "moderator": self.moderator,
            "moderator without two-factor": self.moderator_without_mfa,
            "admin": self.admin,
        }


@pytest.fixture
def cast(db) -> Cast:
    board, other_board = BoardFactory(name="Grief"), BoardFactory(name="Recovery")
    author = _settled(username="quiet_fern")
    board_moderator = _settled(username="keeper_of_recovery")
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=board_moderator, type=Authenticator.Type.TOTP, data={"secret": "t"})
    BoardModerator.objects.create(board=other_board, member=board_moderator)
    named_thread = create_thread(
        acting_user=author, board=board, title="Walking again", body="Named words about a walk."
    )
    anonymous_thread = create_thread(
        acting_user=author, board=board, title="Something unsaid", body="Secret words only.", is_anonymous=True
    )
    return Cast(
        author=author,
        reader=_settled(username="reader_oak"),
        second_reader=_settled(username="reader_ash"),
        board_moderator=board_moderator,
        moderator=ModeratorFactory(username="mod_birch"),
        moderator_without_mfa=ModeratorFactory(username="mod_nomfa", two_factor=False),
        admin=AdminFactory(username="admin_elm"),
        board=board,
        other_board=other_board,
        named_thread=named_thread,
        anonymous_thread=anonymous_thread,
    )


# --- Two-factor gates privilege, not paths -------------------------------------------------------


@pytest.fixture
def unseen_posts(cast):
    """A held reply, a hidden reply and a removed reply in the named thread."""
    held = reply_to(cast.named_thread, author=cast.reader, body="Held words wait here.", is_pending_approval=True)
    hidden = reply_to(cast.named_thread, author=cast.reader, body="Hidden words stay away.", is_hidden=True)
    removed = reply_to(cast.named_thread, author=cast.second_reader, body="Removed words were here.")
    from forums.services.posts import remove_own_post

    remove_own_post(removed, acting_user=cast.second_reader)
    return held, hidden, removed


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["moderator_without_mfa", "admin_without_mfa", "board_moderator_without_mfa"])
def test_privilege_without_two_factor_is_a_members_view_on_every_page(cast, unseen_posts, who):
    held, hidden, _removed = unseen_posts
    if who == "admin_without_mfa":
        user = AdminFactory(two_factor=False)
    elif who == "board_moderator_without_mfa":
        user = UserFactory()
        BoardModerator.objects.create(board=cast.board, member=user)
    else:
        user = cast.moderator_without_mfa
    edit_post(held, acting_user=cast.reader, body="Held words, edited.")
    client = _client(user)
    page = client.get(cast.named_thread.get_absolute_url()).content.decode()
    assert "Held words" not in page and "Hidden words" not in page
    assert reverse("moderation:post-moderate", args=[cast.named_post.pk]) not in page
    assert client.get(reverse("forums:post-history", args=[held.pk])).status_code == 404
    assert client.get(reverse("forums:post-permalink", args=[hidden.pk])).status_code == 404
    for unseen in (held, hidden):
        quoted = client.get(reverse("forums:reply-create", args=[cast.named_thread.pk]) + f"?quote={unseen.pk}")
        assert quoted.status_code == 200 and "Held words" not in quoted.content.decode()
        assert "Hidden words" not in quoted.content.decode()
    if who == "board_moderator_without_mfa":
        assert _client(user).get(reverse("moderation:queue")).url == reverse("mfa_activate_totp")
        return
    # The same user with two-factor switched on sees what moderators see.
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "t"})
    moderating = _client(user).get(cast.named_thread.get_absolute_url()).content.decode()
    assert "Held words" in moderating and "Hidden words" in moderating
    assert _client(user).get(reverse("forums:post-history", args=[held.pk])).status_code == 200


@pytest.mark.django_db
def test_privilege_without_two_factor_hides_threads_and_permissions(cast):
    from forums.permissions import can_see_history
    from moderation.permissions import can_moderate

    hidden_thread = create_thread(acting_user=cast.reader, board=cast.board, title="Hidden thread", body="Quiet.")
    Thread.objects.filter(pk=hidden_thread.pk).update(is_hidden=True)
    user = User.objects.get(pk=cast.moderator_without_mfa.pk)
    assert not Thread.objects.visible_to(user).filter(pk=hidden_thread.pk).exists()
    assert not can_see_history(user, cast.named_post)
    assert not can_moderate(user)
    assert _client(user).get(hidden_thread.get_absolute_url()).status_code == 404
    # The way in is still shown: it leads to setting up two-factor, not to the queue.
    assert "Moderation queue" in _client(user).get("/").content.decode()
    assert _client(user).get(reverse("moderation:queue")).url == reverse("mfa_activate_totp")
    assert "Moderation queue" not in _client(cast.reader).get("/").content.decode()


# --- Moderation records, queue panels and the admin log ------------------------------------------


def _section():
    from moderation.models import GuidelineSection

    return GuidelineSection.objects.order_by("guideline__version", "number").last()


def _decide_on_anonymous_post(cast):
    """Every kind of decision a moderator can take on the anonymous post and its thread, plus
    members' reports about it (the reveal is left out: it has its own test)."""
    from moderation.services import (
        add_content_warning,
        file_report,
        lock_thread,
        move_thread,
        resolve_item,
    )

    post = cast.anonymous_post
    report, _created = file_report(acting_user=cast.reader, reason="spam", post=post)
    file_report(acting_user=cast.second_reader, reason="worried", post=post)
    add_content_warning(post, acting_user=cast.moderator, warning="grief")
    lock_thread(cast.anonymous_thread, acting_user=cast.moderator)
    move_thread(cast.anonymous_thread, acting_user=cast.moderator, board=cast.other_board)
    resolve_item(report.item, acting_user=cast.moderator, action="hide-post", guideline_section=_section())


def _page_without_tokens(client, url) -> str:
    html = client.get(url).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
def test_member_record_is_the_same_whatever_they_wrote_anonymously(cast):
    from moderation.selectors import member_context

    watched = [
        (cast.moderator, reverse("moderation:member-moderate", args=[cast.author.username])),
        (cast.reader, reverse("accounts:profile-detail", args=[cast.author.username])),
        (cast.admin, reverse("admin:accounts_user_change", args=[cast.author.pk])),
    ]
    before = member_context(cast.author.pk)
    pages_before = [_page_without_tokens(_client(viewer), url) for viewer, url in watched]
    _decide_on_anonymous_post(cast)
    after = member_context(cast.author.pk)
    assert before == after
    assert pages_before == [_page_without_tokens(_client(viewer), url) for viewer, url in watched]
    assert [post.pk for post in after["recent_posts"]] == [cast.named_post.pk]
    page = _client(cast.moderator).get(reverse("moderation:member-moderate", args=[cast.author.username]))
    html = page.content.decode()
    assert cast.anonymous_thread.title not in html and "Added a content warning" not in html
    assert "0 reports about them" in html


@pytest.mark.django_db
def test_about_the_member_panel_leaves_out_their_anonymous_posts(cast):
    from moderation.services import file_report

    named_elsewhere = create_thread(
        acting_user=cast.author, board=cast.other_board, title="Named in recovery", body="Plain named words."
    )
    _decide_on_anonymous_post(cast)
    report, _created = file_report(acting_user=cast.reader, reason="spam", post=named_elsewhere.posts.get())
    url = reverse("moderation:item-detail", args=[report.item.pk])
    for viewer in (cast.moderator, cast.board_moderator):
        html = _client(viewer).get(url).content.decode()
        assert cast.anonymous_thread.title not in html
        assert "0 earlier reports about them" in html
        assert "Added a content warning" not in html and "Locked a thread" not in html
        assert "Moved a thread" not in html and "Hid a post" not in html


@pytest.mark.django_db
def test_admin_log_never_names_an_anonymous_author(cast):
    from moderation.models import ModerationAction
    from moderation.services import reveal_anonymous_author

    _decide_on_anonymous_post(cast)
    reveal_anonymous_author(cast.anonymous_post, acting_user=cast.moderator, reason="worried report")
    assert not ModerationAction.objects.filter(member=cast.author).exists()
    admin = _client(cast.admin)
    listing = admin.get(reverse("admin:moderation_moderationaction_changelist"))
    assert listing.status_code == 200
    assert cast.author.username not in listing.content.decode()
    assert "Anonymous member" in listing.content.decode()
    for action in ModerationAction.objects.all():
        page = admin.get(reverse("admin:moderation_moderationaction_change", args=[action.pk]))
        assert page.status_code == 200 and cast.author.username not in page.content.decode()
    filtered = admin.get(
        reverse("admin:moderation_moderationaction_changelist") + f"?member__id__exact={cast.author.pk}"
    )
    assert "0 moderation actions" in filtered.content.decode() or "0 results" in filtered.content.decode()


@pytest.mark.django_db
def test_admin_filters_in_the_address_never_lead_from_an_anonymous_post_to_its_author(cast, run_tasks):
    """Django's admin accepts filters its pages never show: the members list filtered by a post's id
    named an anonymous author, and the outbox filtered by actor counted their anonymous posts."""
    admin_client = _client(cast.admin)
    for url in (
        reverse("admin:accounts_user_changelist") + f"?posts__id__exact={cast.anonymous_post.pk}",
        reverse("admin:accounts_user_changelist") + f"?threads__id={cast.anonymous_thread.pk}",
        reverse("admin:forums_notificationevent_changelist") + f"?actor__id__exact={cast.author.pk}",
        reverse("admin:moderation_moderationaction_changelist") + f"?post__id__exact={cast.anonymous_post.pk}",
    ):
        response = admin_client.get(url)
        assert response.status_code == 400, url
        assert cast.author.username not in response.content.decode(), url
    # The filters the pages offer still work.
    assert admin_client.get(reverse("admin:accounts_user_changelist") + "?is_staff__exact=1").status_code == 200
    assert admin_client.get(reverse("admin:forums_notificationevent_changelist") + "?kind=post").status_code == 200


def test_every_admin_list_accepts_only_the_filters_it_offers(rf):
    """A model walk: for every admin page, a filter through any relation to a member, a thread or a
    post is refused unless the page itself offers it."""
    from django.contrib import admin
    from django.contrib.admin import SimpleListFilter

    request = rf.get("/")
    watched = {User, Post, Thread}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"accounts", "forums", "moderation", "resources"}:
            continue
        offered = {
            (item.parameter_name if isinstance(item, type) and issubclass(item, SimpleListFilter) else item)
            for item in model_admin.list_filter
        } | set(getattr(model_admin, "address_filters", ()))
        for field in model._meta.get_fields():
            if not field.is_relation or field.related_model not in watched or field.name in offered:
                continue
            lookup = f"{field.name}__id__exact"
            assert not model_admin.lookup_allowed(lookup, "1", request), f"{model.__name__} admin accepts ?{lookup}="


@pytest.mark.django_db
def test_existing_decisions_on_anonymous_posts_are_detached_from_their_author(cast):
    from importlib import import_module

    from django.apps import apps

    from moderation.models import ModerationAction

    old = ModerationAction.objects.create(verb="hide-post", post=cast.anonymous_post, member=cast.author)
    named = ModerationAction.objects.create(verb="hide-post", post=cast.named_post, member=cast.author)
    import_module("moderation.migrations.0016_detach_anonymous_decisions").detach(apps, None)
    old.refresh_from_db()
    named.refresh_from_db()
    assert old.member_id is None and old.post_id == cast.anonymous_post.pk
    assert named.member_id == cast.author.pk


@pytest.mark.django_db
def test_author_still_appeals_a_decision_on_their_anonymous_post(cast, django_app):
    from moderation.models import Appeal

    _decide_on_anonymous_post(cast)
    page = django_app.get(reverse("moderation:appeal-create"), user=cast.author)
    offered = [form for form in page.forms.values() if "action" in form.fields and "text" in form.fields]
    assert offered, "the page offers the decision on the anonymous post"
    assert cast.anonymous_thread.title in page.text
    form = offered[0]
    form["text"] = "It was about my own grief, please look again."
    form.submit().follow()
    appeal = Appeal.objects.get()
    assert appeal.member == cast.author and appeal.action.post == cast.anonymous_post
    assert appeal.action.member_id is None
    other = django_app.get(reverse("moderation:appeal-create"), user=cast.reader)
    assert cast.anonymous_thread.title not in other.text


# --- Mutes and reactions are not an oracle --------------------------------------------------------


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_mute_is_not_an_oracle_for_anonymous_replies_and_mentions(cast, run_tasks):
    """B muted A. An anonymous reply by A, mentioning B, reaches B exactly as it reaches someone who
    muted nobody; A's named reply still respects the mute."""
    from forums.models import Notification
    from forums.services.follows import follow_thread
    from forums.services.posts import create_reply
    from forums.services.preferences import mute_member

    muter, bystander = cast.reader, cast.second_reader
    mute_member(cast.author, acting_user=muter)
    for member in (muter, bystander):
        follow_thread(cast.named_thread, member=member)
    with run_tasks():
        anonymous = create_reply(
            cast.named_thread,
            acting_user=cast.author,
            body=f"@{muter.username} @{bystander.username} thank you both.",
            is_anonymous=True,
        )
    heard = {
        member: sorted(Notification.objects.filter(recipient=member, post=anonymous).values_list("kind", flat=True))
        for member in (muter, bystander)
    }
    assert heard[muter] == heard[bystander] == ["mention"]
    with run_tasks():
        named = create_reply(cast.named_thread, acting_user=cast.author, body=f"@{muter.username} named now.")
    assert not Notification.objects.filter(recipient=muter, post=named).exists()
    assert Notification.objects.filter(recipient=bystander, post=named).exists()


@pytest.mark.django_db
def test_reaction_to_an_anonymous_post_is_taken_whoever_its_author_muted(cast, django_app, run_tasks):
    from forums.models import Notification, Reaction
    from forums.services.preferences import mute_member

    mute_member(cast.reader, acting_user=cast.author)  # the author muted the reader
    answers = {}
    for reactor in (cast.reader, cast.second_reader):
        page = django_app.get(cast.anonymous_thread.get_absolute_url(), user=reactor)
        form = next(
            form
            for form in page.forms.values()
            if form.action.endswith(reverse("forums:post-react", args=[cast.anonymous_post.pk]))
        )
        with run_tasks():
            answers[reactor] = form.submit("kind", value="support").maybe_follow().text
    assert "You sent “Sending support”." in answers[cast.reader]
    assert "You sent “Sending support”." in answers[cast.second_reader]
    assert "can't react" not in answers[cast.reader]
    assert Reaction.objects.filter(post=cast.anonymous_post).count() == 2
    # Only the author, who chose the mute, can tell that one of them rang no bell.
    bell = Notification.objects.get(recipient=cast.author, kind="reaction")
    assert bell.actor_ids == [cast.second_reader.pk]


def _worry_about(django_app, reporter, post):
    page = django_app.get(reverse("moderation:report-post", args=[post.pk]), user=reporter)
    form = next(f for f in page.forms.values() if "reason" in f.fields)
    form["reason"].select("worried")
    return form.submit().follow()


@pytest.mark.django_db
@pytest.mark.parametrize("first_worry", ["named post", "profile"])
def test_worry_about_an_anonymous_post_never_says_who_else_it_is_about(cast, django_app, first_worry):
    """"I'm worried" counts once per member per person per day. Counted by the anonymous post's
    author, a reader who had said it about quiet_fern (their named post or their profile) was told
    "you already told us" about the anonymous post, and so learned who wrote it."""
    from moderation.models import Lane, QueueItem

    if first_worry == "profile":
        page = django_app.get(reverse("moderation:report-member", args=[cast.author.username]), user=cast.reader)
        form = next(f for f in page.forms.values() if "reason" in f.fields)
        form["reason"].select("worried")
        form.submit()
    else:
        _worry_about(django_app, cast.reader, cast.named_post)
    done = _worry_about(django_app, cast.reader, cast.anonymous_post)
    assert "again=1" not in done.request.url
    item = QueueItem.objects.get(post=cast.anonymous_post)
    assert item.lane == Lane.URGENT and item.reports.filter(reporter=cast.reader).exists()


@pytest.mark.django_db
def test_a_mute_still_refuses_reactions_to_named_posts(cast):
    from forums.services.preferences import mute_member
    from forums.services.reactions import toggle_reaction

    mute_member(cast.reader, acting_user=cast.author)
    with pytest.raises(Refused):
        toggle_reaction(cast.named_post, acting_user=cast.reader, kind="support")


# --- Quotes ----------------------------------------------------------------------------------------


def _composer_form(page):
    return next(form for form in page.forms.values() if "body" in form.fields)


@pytest.mark.django_db
def test_quoting_your_own_anonymous_post_keeps_the_reply_anonymous(cast, django_app):
    from forums.services.posts import create_reply

    # An anonymous reply in a named thread: the thread itself says nothing about anonymity.
    anonymous_reply = create_reply(
        cast.named_thread, acting_user=cast.author, body="My quiet second thought.", is_anonymous=True
    )
    page = django_app.get(cast.named_thread.get_absolute_url(), user=cast.author)
    composer = page.click(href=rf"\?quote={anonymous_reply.pk}$")
    form = _composer_form(composer)
    assert form["body"].value.startswith("> **Anonymous member** wrote:")
    assert "(you)" not in form["body"].value
    assert form["is_anonymous"].checked
    form["body"] = form["body"].value + "And one more thing."
    form.submit(name="action", value="post").maybe_follow()
    reply = Post.objects.filter(thread=cast.named_thread).latest("position")
    assert reply.is_anonymous and "(you)" not in reply.body and cast.author.username not in reply.body


@pytest.mark.django_db
def test_others_quote_an_anonymous_post_as_anonymous_member_and_reply_named(cast, django_app):
    page = django_app.get(cast.anonymous_thread.get_absolute_url(), user=cast.reader)
    composer = page.click(href=rf"\?quote={cast.anonymous_post.pk}$")
    form = _composer_form(composer)
    assert form["body"].value.startswith("> **Anonymous member** wrote:\n> Secret words only.")
    assert not form["is_anonymous"].checked
    # The author's own composer, in the thread they started anonymously, starts anonymous too.
    own = django_app.get(reverse("forums:reply-create", args=[cast.anonymous_thread.pk]), user=cast.author)
    own_form = _composer_form(own)
    assert own_form["is_anonymous"].checked


# --- Caching and headers --------------------------------------------------------------------------


def _member_pages(cast):
    return [
        "/",
        cast.board.get_absolute_url(),
        cast.named_thread.get_absolute_url(),
        reverse("forums:reply-create", args=[cast.named_thread.pk]),
        reverse("forums:notification-list"),
        reverse("forums:my-threads"),
        reverse("forums:search") + "?q=walk",
        reverse("accounts:settings"),
        reverse("accounts:profile-detail", args=[cast.reader.username]),
        reverse("resources:directory") if _has_route("resources:directory") else "/resources/",
        "/help/",
        reverse("guidelines"),
    ]


def _has_route(name) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@pytest.mark.django_db
def test_every_page_a_member_sees_is_kept_out_of_caches(cast):
    client = _client(cast.author)
    for url in _member_pages(cast):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    assert "no-store" in client.post(reverse("accounts:data-export"))["Cache-Control"]
    moderator = _client(cast.moderator)
    for url in (reverse("moderation:queue"), reverse("moderation:member-moderate", args=[cast.author.username])):
        assert "no-store" in moderator.get(url)["Cache-Control"], url


@pytest.mark.django_db
def test_log_out_and_pages_that_vary_by_visitor_are_not_cached(cast):
    client = _client(cast.author)
    logged_out = client.post(reverse("account_logout"))
    assert "no-store" in logged_out["Cache-Control"]
    login_page = Client().get(reverse("account_login"))  # carries a CSRF token for this visitor
    assert "no-store" in login_page["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/help/staying-safe/", "/help/", "/no-such-page/", "/members/a%00b/", "/search/?q=" + "x" * 5000]
)
def test_pages_that_never_read_the_session_are_not_cached_for_a_member_either(cast, url):
    """The way-to-help pages and the error pages answer without reading the session, so they cannot
    tell a member from a visitor; the session cookie alone says someone is logged in on this device,
    and a trace of "Staying safe online" in a shared browser's cache is exactly what they fear."""
    response = _client(cast.author).get(url)
    assert "no-store" in response["Cache-Control"], (url, response.status_code)


@pytest.mark.django_db
def test_permissions_policy_switches_off_what_the_site_never_uses(cast):
    for client in (Client(), _client(cast.author)):
        policy = client.get("/")["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "midi"):
            assert f"{feature}=()" in policy


# --- The board index forgets a removed post -------------------------------------------------------


@pytest.mark.django_db
def test_board_index_forgets_a_removed_post(cast, django_app):
    from forums.services.posts import create_reply

    reply = create_reply(cast.named_thread, acting_user=cast.reader, body="The newest words on the board.")
    assert cast.reader.username in django_app.get("/", user=cast.second_reader).text
    page = django_app.get(reverse("forums:post-remove", args=[reply.pk]), user=cast.reader)
    removal = next(form for form in page.forms.values() if form.text.strip() and "Remove my post" in form.text)
    removal.submit()
    index = django_app.get("/", user=cast.second_reader).text
    assert cast.reader.username not in index
    assert Board.objects.get(pk=cast.board.pk).last_post_id == cast.anonymous_post.pk
    assert Thread.objects.get(pk=cast.named_thread.pk).last_post_id == cast.named_post.pk
    board_page = django_app.get(cast.board.get_absolute_url(), user=cast.second_reader).text
    assert cast.reader.username not in board_page


@pytest.mark.django_db
def test_board_index_forgets_a_hidden_post(cast):
    from forums.services.posts import create_reply
    from moderation.services import file_report, resolve_item

    reply = create_reply(cast.named_thread, acting_user=cast.reader, body="Words a moderator will hide.")
    report, _created = file_report(acting_user=cast.second_reader, reason="spam", post=reply)
    resolve_item(report.item, acting_user=cast.moderator, action="hide-post", guideline_section=_section())
    assert cast.reader.username not in _client(cast.second_reader).get("/").content.decode()


# --- Limits that protect without locking people out -----------------------------------------------


def _posts_at(thread, author, minutes_ago):
    for minutes in minutes_ago:
        post = reply_to(thread, author=author, body=f"Reply from {minutes} minutes ago.")
        Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes, seconds=1))


@pytest.mark.django_db
def test_posting_limit_stops_a_burst_from_a_settled_member_and_keeps_the_text(cast, django_app):
    _posts_at(cast.named_thread, cast.reader, [i / 4 for i in range(20)])  # 20 replies in five minutes
    page = django_app.get(reverse("forums:reply-create", args=[cast.named_thread.pk]), user=cast.reader)
    form = _composer_form(page)
    form["body"] = "One more thing I wanted to say."
    answer = form.submit(name="action", value="post")
    assert answer.status_code == 200
    assert "Please take a breath and post again in about" in answer.text
    assert _composer_form(answer)["body"].value == "One more thing I wanted to say."
    assert not Post.objects.filter(body="One more thing I wanted to say.").exists()


@pytest.mark.django_db
def test_posting_limit_stops_twelve_replies_in_a_row(cast):
    from forums.services.posts import create_reply
    from moderation.pipeline import PostingRefused

    for number in range(10):
        create_reply(cast.named_thread, acting_user=cast.reader, body=f"Quick reply number {number}.")
    with pytest.raises(PostingRefused, match="take a breath"):
        create_reply(cast.named_thread, acting_user=cast.reader, body="Quick reply number 11.")


@pytest.mark.django_db
def test_posting_limit_never_cuts_a_long_conversation(cast):
    from forums.services.posts import create_reply

    _posts_at(cast.named_thread, cast.reader, range(1, 59))  # one a minute for the last hour
    create_reply(cast.named_thread, acting_user=cast.reader, body="Still here, still talking.")
    _posts_at(cast.named_thread, cast.second_reader, [i / 2 for i in range(19)])  # every 30 s for ten minutes
    create_reply(cast.named_thread, acting_user=cast.second_reader, body="And one more, quickly.")
    _posts_at(cast.named_thread, cast.board_moderator, [i / 4 for i in range(9)])  # every 15 s for two minutes
    create_reply(cast.named_thread, acting_user=cast.board_moderator, body="Typing fast tonight.")


# --- Export everything we hold --------------------------------------------------------------------


def _relations_to_members():
    from django.apps import apps
    from django.contrib.auth import get_user_model

    member_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is member_model:
                yield f"{model._meta.label}.{field.name}"
    for field in member_model._meta.many_to_many:
        yield f"{member_model._meta.label}.{field.name}"


def test_export_covers_every_relation_to_a_member_or_says_why_not():
    from accounts.selectors import EXPORTED_RELATIONS, LEFT_OUT_RELATIONS

    relations = set(_relations_to_members())
    unaccounted = relations - set(EXPORTED_RELATIONS) - set(LEFT_OUT_RELATIONS)
    assert not unaccounted, f"neither exported nor left out with a reason: {sorted(unaccounted)}"
    assert not set(EXPORTED_RELATIONS) & set(LEFT_OUT_RELATIONS)
    assert all(reason.strip() for reason in LEFT_OUT_RELATIONS.values())
    stale = (set(EXPORTED_RELATIONS) | set(LEFT_OUT_RELATIONS)) - relations
    assert not stale, f"listed but no longer a relation: {sorted(stale)}"


@pytest.mark.django_db
def test_export_holds_edit_history_sessions_and_every_listed_key(cast, django_app):
    import json

    from allauth.usersessions.models import UserSession

    from accounts.selectors import EXPORTED_RELATIONS
    from forums.services.posts import create_reply, edit_post

    edit_post(cast.anonymous_post, acting_user=cast.author, body="Secret words, said better.")
    create_reply(cast.named_thread, acting_user=cast.author, body="A named reply.")
    UserSession.objects.create(
        user=cast.author, ip="203.0.113.7", user_agent="Firefox on a shared laptop", session_key="k" * 32
    )
    page = django_app.get(reverse("accounts:settings"), user=cast.author)
    form = next(form for form in page.forms.values() if form.action.endswith(reverse("accounts:data-export")))
    data = json.loads(form.submit().body)
    assert set(EXPORTED_RELATIONS.values()) <= set(data)
    assert data["edit_history"][0]["body_before_edit"] == "Secret words only."
    assert data["sign_in_sessions"][0]["ip_address"] == "203.0.113.7"
    assert data["sign_in_sessions"][0]["browser"] == "Firefox on a shared laptop"
    assert {thread["title"] for thread in data["threads_started"]} == {"Walking again", "Something unsaid"}
    assert data["reading_positions"]
    # Another member's export says nothing about who wrote the anonymous post they read or reacted to.
    from forums.services.reactions import toggle_reaction

    toggle_reaction(cast.anonymous_post, acting_user=cast.reader, kind="support")
    other = django_app.get(reverse("accounts:settings"), user=cast.reader)
    other_form = next(form for form in other.forms.values() if form.action.endswith(reverse("accounts:data-export")))
    assert cast.author.username not in other_form.submit().text


# --- Erasure that reaches quotes ------------------------------------------------------------------

SECRET = "Zanzibarquill harbour secret"  # a distinctive phrase, easy to find anywhere it survives


def _tables_holding(needle: str) -> list[str]:
    """Every table and column whose text (cast to text: JSON, search vectors too) holds `needle`;
    on PostgreSQL search vectors are also asked with the same text-search configuration."""
    from django.db import connection

    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                name = quote(column.name)
                cast = f"CAST({name} AS TEXT)"
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE LOWER({cast}) LIKE %s", [f"%{needle.lower()}%"]
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
                if connection.vendor == "postgresql" and column.name == "search_vector":
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} WHERE {name} @@ plainto_tsquery('english', %s)", [needle]
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name} (search)")
    return found


@pytest.fixture
def quoted_everywhere(cast, run_tasks):
    """The author's words copied around the forum as members really copy them: quoted (named and
    anonymous), mentioned, reacted to, edited, notified about, and an earlier version quoted too."""
    from allauth.usersessions.models import UserSession

    from forums.services.follows import follow_thread
    from forums.services.posts import create_reply, edit_post
    from forums.services.reactions import toggle_reaction

    with run_tasks():
        named_reply = create_reply(cast.named_thread, acting_user=cast.author, body=f"{SECRET} by name.\nSecond line.")
        anonymous_reply = create_reply(
            cast.anonymous_thread, acting_user=cast.author, body=f"{SECRET} in the dark.", is_anonymous=True
        )
        follow_thread(cast.named_thread, member=cast.reader)
        quoting = create_reply(
            cast.named_thread,
            acting_user=cast.reader,
            body=f"> **{cast.author.username}** wrote:\n> {SECRET} by name.\n> Second line.\n\n"
            f"@{cast.author.username} this helped me.",
        )
        create_reply(
            cast.anonymous_thread,
            acting_user=cast.second_reader,
            body=f"> **Anonymous member** wrote:\n> {SECRET} in the dark.\n\nSending you warmth.",
        )
        edit_post(quoting, acting_user=cast.reader, body=quoting.body + "\n\nEdited to add: thank you.")
        edit_post(named_reply, acting_user=cast.author, body="Changed my mind about sharing that.")
        toggle_reaction(named_reply, acting_user=cast.second_reader, kind="support")
        create_reply(cast.named_thread, acting_user=cast.author, body=f"@{cast.reader.username} thank you too.")
    UserSession.objects.create(user=cast.author, ip="203.0.113.9", user_agent="Phone", session_key="s" * 32)
    return named_reply, anonymous_reply


@pytest.mark.django_db
@pytest.mark.parametrize("keep_posts", [False, True], ids=["remove my posts", "keep my posts"])
def test_erasure_leaves_no_trace_in_any_text_column(cast, quoted_everywhere, keep_posts):
    from accounts.services import delete_account

    pseudonym, email = cast.author.username, cast.author.email
    assert _tables_holding(SECRET) and _tables_holding(pseudonym) and _tables_holding(email)
    delete_account(cast.author, acting_user=cast.author, keep_posts=keep_posts)
    assert _tables_holding(pseudonym) == []
    assert _tables_holding(email) == []
    if keep_posts:
        # Their kept posts still say it (and others' quotes of it, under "Removed member").
        assert "forums_post.body" in _tables_holding(SECRET)
    else:
        assert _tables_holding(SECRET) == []
        assert _tables_holding("Zanzibarquill") == []
        quotes = Post.objects.filter(body__contains="[removed]")
        assert quotes.count() == 2 and all("[removed]" in post.body_html for post in quotes)


@pytest.mark.django_db
def test_removing_one_post_removes_it_from_others_quotes(cast, quoted_everywhere, django_app):
    _named_reply, anonymous_reply = quoted_everywhere
    page = django_app.get(reverse("forums:post-remove", args=[anonymous_reply.pk]), user=cast.author)
    next(form for form in page.forms.values() if "Remove my post" in form.text).submit()
    thread_page = django_app.get(cast.anonymous_thread.get_absolute_url(), user=cast.reader).text
    assert "in the dark" not in thread_page
    assert "[removed]" in thread_page
    assert not Post.objects.exclude(author=cast.author).filter(body__contains="in the dark").exists()


@pytest.fixture
def login_limits(settings):
    """The site's real login limits (the rest of the suite runs without them)."""
    from safespace.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS


def _try_password(django_app, login, password, address):
    page = django_app.get(reverse("account_login"), extra_environ={"REMOTE_ADDR": address})
    form = next(form for form in page.forms.values() if "password" in form.fields)
    form["login"] = login
    form["password"] = password
    return form.submit(extra_environ={"REMOTE_ADDR": address})


@pytest.mark.django_db
def test_failed_logins_never_lock_the_owner_out(cast, django_app, login_limits, mailoutbox):
    from tests.factories import TEST_PASSWORD

    for attempt in range(5):
        refused = _try_password(django_app, cast.author.username, f"guess-{attempt}", "198.51.100.66")
        assert refused.status_code == 200
    # The owner, elsewhere, with the right password: passwords are paused for this account...
    paused = _try_password(django_app, cast.author.username, TEST_PASSWORD, "203.0.113.5")
    assert "passwords are paused for a while" in paused.text
    assert "_auth_user_id" not in django_app.session
    # ...and the page offers the way in an attacker cannot take: a code sent to the owner's email.
    code_page = paused.click(description="Email me a code to log in")
    request = next(form for form in code_page.forms.values() if "email" in form.fields)
    request["email"] = cast.author.email
    confirm = request.submit().maybe_follow()
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    form = next(form for form in confirm.forms.values() if "code" in form.fields)
    form["code"] = code
    form.submit().maybe_follow()
    assert int(django_app.session["_auth_user_id"]) == cast.author.pk


@pytest.mark.django_db
def test_failed_logins_slow_an_address_trying_many_accounts(cast, django_app, login_limits):
    members = [_settled() for _ in range(11)]
    answers = [_try_password(django_app, member.username, "not-it-at-all", "198.51.100.77") for member in members]
    assert "passwords are paused" not in answers[0].text
    assert all(answer.status_code == 200 for answer in answers)
    assert "too many" in answers[-1].text.lower() or "paused" in answers[-1].text


# --- Protecting yourself from an anonymous post without learning who wrote it ---------------------


def _hide_form(page, post):
    return next(
        form
        for form in page.forms.values()
        if form.action.endswith(reverse("forums:post-hide", args=[post.pk])) and form["hide"].value == "1"
    )


@pytest.mark.django_db
def test_hide_this_post_shields_a_reader_the_same_whoever_wrote_it(cast, django_app):
    from forums.models import HiddenPost, Notification
    from forums.services.preferences import mute_member

    mute_member(cast.author, acting_user=cast.reader)  # a mute of the author changes nothing here
    answers = {}
    for post in (cast.anonymous_post, cast.named_post):
        page = django_app.get(post.thread.get_absolute_url(), user=cast.reader)
        answers[post.pk] = _hide_form(page, post).submit().maybe_follow()
        assert "You hid this post." in answers[post.pk].text
        assert "The post is hidden, for you only; nobody is told." in answers[post.pk].text
    assert "Secret words only." not in answers[cast.anonymous_post.pk].text
    assert cast.author.username not in answers[cast.anonymous_post.pk].text
    assert HiddenPost.objects.filter(member=cast.reader).count() == 2
    assert not Notification.objects.filter(recipient=cast.author).exists()
    # Only the reader's view changes.
    assert "Secret words only." in django_app.get(cast.anonymous_thread.get_absolute_url(), user=cast.second_reader)
    assert "Secret words only." in django_app.get(cast.anonymous_thread.get_absolute_url(), user=cast.author)
    # And it comes back when they want it.
    page = django_app.get(cast.anonymous_thread.get_absolute_url(), user=cast.reader)
    shown = next(form for form in page.forms.values() if "hide" in form.fields and form["hide"].value == "0")
    assert "Secret words only." in shown.submit().maybe_follow().text


# --- Page by page, email by email ----------------------------------------------------------------


@pytest.mark.django_db
def test_no_insider_page_or_email_names_an_anonymous_author(cast, run_tasks, mailoutbox):
    """The anonymous thread lives on a board where its author wrote nothing under their name, so any
    sight of the pseudonym on its pages, the queue, the admin or in an email is a leak."""
    from forums.services.follows import follow_thread
    from forums.services.posts import create_reply
    from forums.services.reactions import toggle_reaction
    from moderation.services import file_report

    pseudonym = cast.author.username
    reply_to(cast.named_thread, author=cast.second_reader)  # so only anonymous threads still wait
    with run_tasks():
        thread = create_thread(
            acting_user=cast.author, board=cast.other_board, title="Nobody knows", body="Hard night.", is_anonymous=True
        )
        follow_thread(thread, member=cast.reader)
        create_reply(thread, acting_user=cast.second_reader, body="I'm here with you.")
        anonymous_reply = create_reply(
            thread, acting_user=cast.author, body=f"@{cast.second_reader.username} thank you.", is_anonymous=True
        )
        toggle_reaction(anonymous_reply, acting_user=cast.reader, kind="support")
        report, _created = file_report(acting_user=cast.reader, reason="worried", post=anonymous_reply)
    pages = [
        cast.other_board.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("forums:search") + "?q=night",
        reverse("forums:waiting-list"),
        reverse("forums:notification-list"),
        reverse("forums:reply-create", args=[thread.pk]) + f"?quote={anonymous_reply.pk}",
    ]
    moderation_pages = [
        reverse("moderation:queue"),
        reverse("moderation:item-detail", args=[report.item.pk]),
        reverse("moderation:post-moderate", args=[anonymous_reply.pk]),
    ]
    admin_pages = [
        reverse("admin:moderation_moderationaction_changelist"),
        reverse("admin:moderation_queueitem_changelist"),
        reverse("admin:moderation_queueitem_change", args=[report.item.pk]),
        reverse("admin:forums_notificationevent_changelist"),
        reverse("admin:forums_emaildelivery_changelist"),
    ]
    for who, user in cast.insiders().items():
        client = _client(user)
        urls = pages + (moderation_pages if user in (cast.moderator, cast.board_moderator) else [])
        urls += admin_pages if user == cast.admin else []
        for url in urls:
            response = client.get(url)
            if response.status_code in (302, 403, 404):
                continue
            assert pseudonym not in response.content.decode(), f"{url} names the author to the {who}"
            assert f"/members/{pseudonym}/" not in response.content.decode()
    assert mailoutbox, "the followers and the mentioned member were emailed"
    for email in mailoutbox:
        if email.to == [cast.author.email]:
            continue
        assert pseudonym not in email.subject + email.body, f"an email to {email.to} names the author"
        for body, _kind in getattr(email, "alternatives", []):
            assert pseudonym not in body


@pytest.mark.django_db
def test_removing_a_post_leaves_quotes_of_other_members_alone(cast):
    from forums.services.posts import create_reply, remove_own_post

    mine = create_reply(cast.named_thread, acting_user=cast.reader, body="Thank you.")
    create_reply(cast.named_thread, acting_user=cast.second_reader, body="Thank you.\n\nLovely walk.")
    quoting_other = create_reply(
        cast.named_thread,
        acting_user=cast.author,
        body=f"> **{cast.second_reader.username}** wrote:\n> Thank you.\n\nYou're welcome.",
    )
    quoting_mine = create_reply(
        cast.named_thread,
        acting_user=cast.author,
        body=f"> **{cast.reader.username}** wrote:\n> Thank you.\n\nAnytime.",
    )
    remove_own_post(mine, acting_user=cast.reader)
    quoting_other.refresh_from_db()
    quoting_mine.refresh_from_db()
    assert "> Thank you." in quoting_other.body
    assert quoting_mine.body.startswith(f"> **{cast.reader.username}** wrote:\n> [removed]")
