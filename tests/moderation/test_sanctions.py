"""Warnings, suspensions (with the ladder), bans, lifting, notes, and what a restricted member can do."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forums.models import Notification, ReactionKind
from forums.services.posts import create_reply
from forums.services.reactions import toggle_reaction
from moderation.models import BlockedEmail, ModerationAction, ModerationVerb, Sanction, SanctionKind
from moderation.pipeline import PostingRefused
from moderation.restrictions import restriction_for
from moderation.selectors import guideline_get_current, suggested_suspension
from moderation.services import announce_ended_suspensions, file_report, lift_restriction, sanction_member
from safespace.refusals import Refused
from tests.factories import reply_to


@pytest.fixture
def section(db):
    return guideline_get_current().sections.get(number=2)


def _settle(user):
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=60))


def _fresh(user):
    """The same member as a new request sees them (no per-request cache)."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.django_db
def test_suspension_ladder_is_suggested_from_history(member, moderator, section):
    steps = []
    for _ in range(5):
        steps.append(suggested_suspension(member))
        sanction_member(member, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section)
    assert steps == [
        timedelta(hours=24),
        timedelta(hours=72),
        timedelta(days=7),
        timedelta(days=30),
        timedelta(days=30),
    ]


@pytest.mark.django_db
def test_suspended_member_reads_and_reports_but_cannot_post_or_react(
    member, member_client, moderator, section, thread, django_capture_on_commit_callbacks
):
    other_post = reply_to(thread)
    with django_capture_on_commit_callbacks(execute=True):
        sanction = sanction_member(
            member, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section,
            message="Please give others room to disagree.",
        )  # fmt: skip
    assert sanction.ends_at > timezone.now() + timedelta(hours=23)
    notice = Notification.objects.get(recipient=member).message
    assert f"guideline {section.number}" in notice and "Please give others room" in notice and "until" in notice
    member = _fresh(member)
    with pytest.raises(PostingRefused, match="You can read, report and ask for a review, but not post or react"):
        create_reply(thread, acting_user=member, body="Let me answer.")
    with pytest.raises(Refused):
        toggle_reaction(other_post, acting_user=_fresh(member), kind=ReactionKind.SUPPORT)
    # Harassment and worry still reach the moderators from a suspended member.
    report, created = file_report(acting_user=_fresh(member), post=other_post, reason="spam")
    assert created and report.weight == Decimal("0.6")  # counts like a new account's
    page = member_client.get(thread.get_absolute_url()).content.decode()
    assert "You can read, report and ask for a review, but not post or react, until" in page
    assert 'name="body"' not in page  # no composer offered
    assert ModerationAction.objects.get(verb=ModerationVerb.SUSPEND).member == member


@pytest.mark.django_db
def test_suspension_ends_by_itself_and_the_member_is_told_once(
    member, moderator, section, thread, django_capture_on_commit_callbacks
):
    _settle(member)
    sanction_member(member, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section)
    Sanction.objects.update(ends_at=timezone.now() - timedelta(minutes=1))
    cache.clear()
    assert restriction_for(_fresh(member)) is None
    create_reply(thread, acting_user=_fresh(member), body="Thank you for having me back.")
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_ended_suspensions() == 1
        assert announce_ended_suspensions() == 0
    assert Notification.objects.filter(recipient=member, message__startswith="Your suspension has ended").count() == 1


@pytest.mark.django_db
def test_ban_blocks_signing_up_again_with_the_same_email_and_lift_restores(
    member, moderator, section, anon_client, django_capture_on_commit_callbacks
):
    sanction_member(member, acting_user=moderator, kind=SanctionKind.BAN, guideline_section=section)
    assert BlockedEmail.objects.filter(email=member.email.lower()).exists()
    assert restriction_for(_fresh(member)).kind == SanctionKind.BAN
    response = anon_client.post(
        reverse("account_signup"),
        {"username": "freshstart", "email": member.email.upper(), "password1": "a-long-password-9",
         "password2": "a-long-password-9", "agree_to_guidelines": "on"},
    )  # fmt: skip
    assert "This email address can&#x27;t be used to join Safe Space." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached restriction is forgotten on commit
        assert lift_restriction(member, acting_user=moderator) is True
        assert lift_restriction(member, acting_user=moderator) is False
    assert restriction_for(_fresh(member)) is None
    assert not BlockedEmail.objects.exists()


@pytest.mark.django_db
def test_a_warning_restricts_nothing_and_cites_the_guideline(member, moderator, section, thread):
    _settle(member)
    sanction_member(member, acting_user=moderator, kind=SanctionKind.WARNING, guideline_section=section)
    assert restriction_for(_fresh(member)) is None
    create_reply(thread, acting_user=_fresh(member), body="Understood, thank you.")


@pytest.mark.django_db
def test_sanctions_need_a_guideline_and_a_moderator(member, other_member, moderator):
    with pytest.raises(Refused):
        sanction_member(member, acting_user=moderator, kind=SanctionKind.WARNING, guideline_section=None)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        sanction_member(member, acting_user=other_member, kind=SanctionKind.BAN, guideline_section=None)
    assert not Sanction.objects.exists()


@pytest.mark.django_db
def test_member_page_per_role_and_private_notes(anon_client, member_client, moderator_client, other_member, section):
    url = reverse("moderation:member-moderate", args=[other_member.username])
    assert anon_client.get(url).url.startswith(reverse("account_login"))
    assert member_client.get(url).status_code == 403
    page = moderator_client.get(url).content.decode()
    assert "Suggested from their history: 24 hours." in page
    moderator_client.post(url, {"form": "note", "note-text": "Often kind; had a hard week."})
    assert "Often kind; had a hard week." in moderator_client.get(url).content.decode()
    refused = moderator_client.post(url, {"form": "sanction", "sanction-kind": "suspension", "sanction-guideline": ""})
    assert "This field is required" in refused.content.decode()
    done = moderator_client.post(
        url, {"form": "sanction", "sanction-kind": "suspension", "sanction-guideline": f"guideline-{section.number}",
              "sanction-duration": "72h"},
        follow=True,
    )  # fmt: skip
    assert "The member has been told" in done.content.decode()
    sanction = Sanction.objects.get()
    assert timedelta(hours=71) < sanction.ends_at - timezone.now() <= timedelta(hours=72)
    # The member's profile never shows notes or sanctions to other members.
    other = member_client.get(reverse("accounts:profile-detail", args=[other_member.username])).content.decode()
    assert "Often kind" not in other and "Moderate this member" not in other


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [SanctionKind.SUSPENSION, SanctionKind.BAN])
def test_restricted_members_report_at_a_lower_daily_cap_and_can_always_say_they_are_worried(
    kind, member, moderator, section, thread, django_capture_on_commit_callbacks
):
    from moderation.models import Lane, QueueItem, Report, ReportReason
    from moderation.services import RESTRICTED_REPORTS_PER_DAY

    sanction_member(member, acting_user=moderator, kind=kind, guideline_section=section)
    posts = [reply_to(thread) for _ in range(RESTRICTED_REPORTS_PER_DAY + 2)]
    for post in posts[:RESTRICTED_REPORTS_PER_DAY]:
        file_report(acting_user=_fresh(member), post=post, reason=ReportReason.SPAM)
    with pytest.raises(Refused, match="up to 5 reports a day"):
        file_report(acting_user=_fresh(member), post=posts[-2], reason=ReportReason.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        report, created = file_report(acting_user=_fresh(member), post=posts[-1], reason=ReportReason.WORRIED)
    assert created and QueueItem.objects.get(post=posts[-1]).lane == Lane.URGENT
    assert Report.objects.filter(reporter=member).count() == RESTRICTED_REPORTS_PER_DAY + 1


@pytest.mark.django_db
def test_restricted_member_reports_and_appeals_through_the_pages(
    member, member_client, moderator, section, thread, django_capture_on_commit_callbacks
):
    from moderation.models import ModerationAction, Report

    with django_capture_on_commit_callbacks(execute=True):
        sanction_member(member, acting_user=moderator, kind=SanctionKind.BAN, guideline_section=section)
    other_post = reply_to(thread)
    response = member_client.post(
        reverse("moderation:report-post", args=[other_post.pk]), {"reason": "worried"}, follow=True
    )
    assert "Thank you for looking out for someone" in response.content.decode()
    assert Report.objects.filter(reporter=member).exists()
    decision = ModerationAction.objects.get(verb=ModerationVerb.BAN)
    page = member_client.get(thread.get_absolute_url()).content.decode()
    appeal_link = f"{reverse('moderation:appeal-create')}?decision={decision.pk}"
    assert f'href="{appeal_link}"' in page  # the banner's "Ask for a review" names the ban
    assert Notification.objects.get(recipient=member).link == appeal_link
    response = member_client.post(appeal_link, {"action": decision.pk, "text": "I was wrong, and sorry."}, follow=True)
    assert "Another moderator will look again" in response.content.decode()
    assert decision.appeal.text == "I was wrong, and sorry."
