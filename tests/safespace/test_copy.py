"""The words around members' words: one way to write a date and time, no doubled punctuation on any
page or in any email, and an urgent alert that says one short, consistent thing."""

import html
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, NotificationKind
from forums.notifications.email import build_digest_email, build_notification_email
from moderation.digest import send_moderation_digests
from moderation.intake import queue_post_from_pipeline
from moderation.models import ModerationVerb, QueueItem, ReportReason, SanctionKind
from moderation.restrictions import restriction_message
from moderation.selectors import guideline_get_current
from moderation.services import file_report, resolve_item, sanction_member
from safespace.dates import format_day, format_time, format_when
from safespace.wording import as_sentence
from tests.factories import ModeratorFactory, ResourceFactory, ThreadFactory, UserFactory, reply_to

ROOT = Path(settings.BASE_DIR)
# Text where ".." is not a mistake: code, scripts and styles.
_NOT_PROSE = re.compile(r"<(script|style|code|pre)\b.*?</\1>", re.S | re.I)


def doubled_punctuation(text: str, *, is_html: bool) -> list[str]:
    """Each place where a sentence ends twice ("now..", "a.m..", "do!."), with a little context.
    Ellipses ("..." and "…") are fine."""
    if is_html:
        text = html.unescape(re.sub(r"<[^>]+>", " ", _NOT_PROSE.sub(" ", text)))
    text = text.replace("...", " ").replace("…", " ")
    return [text[max(0, m.start() - 40) : m.end() + 10] for m in re.finditer(r"[.!?]\.", text)]


def _settled(name):
    return UserFactory(username=name, date_joined=timezone.now() - timedelta(days=60))


# --- One date and time format ----------------------------------------------------------------------


def test_dates_read_one_way_with_the_time_zone_named():
    moment = datetime(2026, 12, 2, 2, 32, tzinfo=ZoneInfo("UTC"))
    assert format_when(moment) == "2 December 2026, 02:32 UTC"
    assert format_day(moment) == "2 December 2026"
    assert format_day(date(2026, 12, 2)) == "2 December 2026"
    assert format_time(moment) == "02:32 UTC"
    # A moment kept in another zone is shown in the site's, still named.
    assert format_when(moment.astimezone(ZoneInfo("Australia/Sydney"))) == "2 December 2026, 02:32 UTC"
    with timezone.override(ZoneInfo("Europe/London")):
        assert format_when(datetime(2026, 7, 1, 9, 5, tzinfo=ZoneInfo("UTC"))) == "1 July 2026, 10:05 BST"
    assert format_when(None) == "" and format_day(None) == ""


def test_templates_and_services_write_dates_through_the_one_helper():
    """Human-readable dates come from safespace.dates (|when, |day, |time_of_day); the date filter is
    left for machine formats (datetime="…" attributes)."""
    machine = {"c", "Y-m-d"}
    offenders = []
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for match in re.finditer(r"\|(date|time):\s*['\"]([^'\"]*)['\"]", path.read_text()):
            if match.group(2) not in machine:
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    for app in ("accounts", "forums", "moderation", "resources", "safespace"):
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "dates.py" or "migrations" in path.parts:
                continue
            text = path.read_text()
            for needle in ("date_format(", "time_format(", '.strftime("%d', "DATETIME_FORMAT"):
                if needle in text:
                    offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


@pytest.mark.django_db
def test_a_suspension_notice_names_the_end_with_its_zone_and_one_full_stop(member, moderator):
    section = guideline_get_current().sections.get(number=1)
    sanction = sanction_member(member, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section)
    sanction.ends_at = datetime(2026, 12, 3, 2, 32, tzinfo=ZoneInfo("UTC"))
    message = restriction_message(sanction)
    assert message.endswith("until 3 December 2026, 02:32 UTC.")
    assert "a.m." not in message and not doubled_punctuation(message, is_html=False)


# --- No doubled punctuation ------------------------------------------------------------------------


def test_as_sentence_adds_one_full_stop_only_when_needed():
    assert as_sentence("Please look now") == "Please look now."
    assert as_sentence("Please look now.") == "Please look now."
    assert as_sentence("Thank you for all you do.") == "Thank you for all you do."
    assert as_sentence("Are you there?") == "Are you there?"
    assert as_sentence("She wrote “goodbye.”") == "She wrote “goodbye.”"
    assert as_sentence("Wait…") == "Wait…"
    assert as_sentence("") == ""


def test_the_scanner_finds_doubled_full_stops_but_not_ellipses_or_code():
    assert doubled_punctuation("<p>until 2:32 a.m..</p>", is_html=True)
    assert doubled_punctuation("Please look now..", is_html=False)
    assert not doubled_punctuation("<p>Wait... and then…</p><code>a..b</code>", is_html=True)


@pytest.fixture
def lived_in_site(db, django_capture_on_commit_callbacks):
    """A site where most kinds of notice have been written by the real services: reports and a
    hidden post, an automatic hide, a crisis alert, a check-in, a worry, a suspension with an end
    time, a warning, the nightly summary; returns the people involved."""
    section = guideline_get_current().sections.get(number=1)
    moderator = ModeratorFactory(username="harbour_mod")
    author, reader = _settled("willow_tree"), _settled("quiet_reader")
    thread = ThreadFactory(author=author, title="A long night")
    harsh = reply_to(thread, author=_settled("sharp_words"), body="Stop whining.")
    risky = reply_to(thread, author=author, body="I don't know how much longer I can do this.")
    with django_capture_on_commit_callbacks(execute=True):
        queue_post_from_pipeline(risky, crisis_signal=True, check_in_requested=False, flags=[], held=False)
        other = reply_to(thread, author=_settled("asks_for_help"))
        queue_post_from_pipeline(other, crisis_signal=True, check_in_requested=True, flags=[], held=False)
        file_report(acting_user=reader, post=reply_to(thread, author=_settled("sad_poet")), reason=ReportReason.WORRIED)
        with override_settings(MODERATION_STAFFED_HOURS="00:00-00:01"):
            for name in ("r_one", "r_two"):
                file_report(acting_user=_settled(name), post=harsh, reason=ReportReason.SPAM)
        file_report(acting_user=reader, post=reply_to(thread, author=author), reason=ReportReason.SPAM)
        item = QueueItem.objects.filter(post__author=author, lane="reports").first()
        resolve_item(item, acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section)
        sanction_member(author, acting_user=moderator, kind=SanctionKind.WARNING, guideline_section=section)
        sanction_member(
            harsh.author, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section,
            message="Please give others room.",
        )  # fmt: skip
        send_moderation_digests()
    return {"moderator": moderator, "author": author, "reader": reader, "suspended": harsh.author,
            "thread": thread, "harsh": harsh}  # fmt: skip


@pytest.mark.django_db
def test_no_page_doubles_its_punctuation(lived_in_site):
    people = lived_in_site
    thread, harsh = people["thread"], people["harsh"]
    item = QueueItem.objects.filter(status="open").first()
    pages = {
        None: ["/", reverse("guidelines"), reverse("resources:help"), reverse("resources:list"),
               thread.get_absolute_url(), reverse("account_login"), reverse("account_signup")],
        "author": ["/", thread.get_absolute_url(), reverse("forums:notification-list"), reverse("accounts:settings"),
                   reverse("moderation:appeal-create"), reverse("forums:notification-settings"),
                   reverse("forums:reading-settings"), reverse("forums:my-threads")],
        "suspended": ["/", thread.get_absolute_url(), reverse("forums:notification-list"),
                      reverse("moderation:appeal-create"), reverse("resources:suggest"),
                      reverse("moderation:report-post", args=[thread.posts.first().pk])],
        "reader": [reverse("moderation:report-post", args=[thread.posts.first().pk]), reverse("resources:suggest"),
                   reverse("forums:notification-list")],
        "moderator": [reverse("moderation:queue"), reverse("moderation:item-detail", args=[item.pk]),
                      reverse("moderation:post-moderate", args=[harsh.pk]), reverse("forums:notification-list"),
                      reverse("moderation:member-moderate", args=[people["suspended"].username]),
                      reverse("moderation:appeal-list")],
    }  # fmt: skip
    found = {}
    for who, urls in pages.items():
        client = Client()
        if who:
            client.force_login(people[who])
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            if problems := doubled_punctuation(response.content.decode(), is_html=True):
                found[f"{who} {url}"] = problems
    assert found == {}


@pytest.mark.django_db
def test_no_email_doubles_its_punctuation(lived_in_site):
    notifications = list(Notification.objects.select_related("recipient", "post__thread__board", "actor"))
    assert {n.kind for n in notifications} >= {
        NotificationKind.URGENT_ITEM, NotificationKind.MODERATION, NotificationKind.MODERATION_SUMMARY,
    }  # fmt: skip
    emails = [build_notification_email(n) for n in notifications]
    for member in {n.recipient for n in notifications}:
        digest = build_digest_email(
            member, notifications=[n for n in notifications if n.recipient == member], threads=[lived_in_site["thread"]]
        )
        emails.append(digest)
    ResourceFactory(name="Old Line", next_review_due=timezone.localdate() - timedelta(days=3))
    from resources.jobs import email_admins_overdue_reviews
    from tests.factories import AdminFactory

    AdminFactory()
    mail.outbox.clear()
    email_admins_overdue_reviews()
    emails += mail.outbox
    found = {}
    for email in emails:
        if problems := doubled_punctuation(email.body, is_html=False):
            found[email.subject] = problems
        for alternative, _type in getattr(email, "alternatives", []):
            if problems := doubled_punctuation(alternative, is_html=True):
                found[f"{email.subject} (html)"] = problems
    assert found == {}


@pytest.mark.django_db
def test_no_email_template_doubles_its_punctuation(member):
    """Every email template we ship or use (ours and the account emails), rendered with sentences
    that already end in a full stop where a template might add another."""
    names = sorted(
        str(path.relative_to(ROOT / "templates"))
        for path in (ROOT / "templates").rglob("*")
        if "email" in path.parts and path.suffix in (".txt", ".html") and not path.name.startswith("_")
    )
    import allauth

    allauth_emails = Path(allauth.__file__).parent / "templates" / "account" / "email"
    names += sorted(f"account/email/{path.name}" for path in allauth_emails.glob("*_message.txt"))
    sentence = "Thank you for all you do."
    context = {
        "member": member, "user": member, "headline": sentence, "excerpt": sentence, "link": "https://x.test/a",
        "site_name": "Safe Space", "kind_label": "Replies", "unsubscribe_url": "https://x.test/u",
        "settings_url": "https://x.test/s", "help_url": "https://x.test/h",
        "items": [{"headline": sentence, "link": "https://x.test/i"}],
        "new_threads": [{"title": "A long night", "link": "https://x.test/t"}],
        "resources": [ResourceFactory(name="Old Line")], "admin": member,
        "current_site": {"name": "Safe Space", "domain": "x.test"}, "activate_url": "https://x.test/c",
        "password_reset_url": "https://x.test/r", "code": "ABC123", "email": member.email,
        "username": member.username, "signup_url": "https://x.test/signup",
    }  # fmt: skip
    found = {}
    for name in names:
        rendered = render_to_string(name, context)
        if problems := doubled_punctuation(rendered, is_html=name.endswith(".html")):
            found[name] = problems
    assert len(names) > 5 and found == {}


# --- The urgent alert --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("trigger", ["worried", "crisis", "check-in"])
def test_urgent_alert_is_short_and_the_same_in_the_bell_and_the_email(trigger, django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    post = reply_to(ThreadFactory(), author=_settled("night_owl"))
    with django_capture_on_commit_callbacks(execute=True):
        if trigger == "worried":
            file_report(acting_user=_settled("friend"), post=post, reason=ReportReason.WORRIED)
        else:
            queue_post_from_pipeline(
                post, crisis_signal=True, check_in_requested=trigger == "check-in", flags=[], held=False
            )
    alert = Notification.objects.get(recipient=moderator, kind=NotificationKind.URGENT_ITEM)
    assert alert.message.startswith("Urgent: ") and alert.message.endswith("Please look as soon as you can.")
    assert len(alert.message) <= 110
    assert "Please look now" not in alert.message
    [email] = [email for email in mail.outbox if email.to == [moderator.email]]
    assert alert.message in email.body and email.body.count("Please look") == 1
    assert "Take your time" not in email.body and "no need to answer" not in email.body
    html_body = email.alternatives[0][0]
    assert "Take your time" not in html_body and not doubled_punctuation(html_body, is_html=True)


@pytest.mark.django_db
def test_moderators_own_words_in_a_notice_end_as_one_sentence(
    member, moderator, thread, django_capture_on_commit_callbacks
):
    from moderation.services import moderator_edit_post

    section = guideline_get_current().sections.get(number=1)
    post = reply_to(thread, author=member, body="Some words with a typo teh.")
    with django_capture_on_commit_callbacks(execute=True):
        sanction_member(
            member, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section,
            message="Please give others room to disagree",
        )  # fmt: skip
        moderator_edit_post(post, acting_user=moderator, body="Some words with a typo fixed.", reason="Fixed a typo")
    notices = list(Notification.objects.filter(recipient=member).values_list("message", flat=True))
    assert any("Please give others room to disagree. You can read" in notice for notice in notices)
    assert any(": Fixed a typo. Your original words" in notice for notice in notices)
    assert not [notice for notice in notices if doubled_punctuation(notice, is_html=False)]
