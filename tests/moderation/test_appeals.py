import pytest
from django.urls import reverse

from forums.models import Notification, NotificationKind
from moderation.models import Appeal, AppealStatus, ModerationVerb, QueueItem, ReportReason, SanctionKind
from moderation.restrictions import restriction_for
from moderation.selectors import guideline_get_current
from moderation.services import decide_appeal, file_appeal, file_report, resolve_item, sanction_member
from safespace.refusals import Refused
from tests.factories import ModeratorFactory, UserFactory, reply_to


@pytest.fixture
def section(db):
    return guideline_get_current().sections.get(number=1)


@pytest.fixture
def hidden_post(thread, moderator, section):
    post = reply_to(thread, author=UserFactory(username="oakleaf"), body="Harsh words.")
    file_report(acting_user=UserFactory(), post=post, reason=ReportReason.SPAM)
    resolve_item(
        QueueItem.objects.get(), acting_user=moderator, action=ModerationVerb.HIDE_POST, guideline_section=section
    )
    post.refresh_from_db()
    return post


@pytest.mark.django_db
def test_appeal_once_then_another_moderator_restores_the_post(
    hidden_post, moderator, django_capture_on_commit_callbacks
):
    from moderation.models import ModerationAction

    action = ModerationAction.objects.get(verb=ModerationVerb.HIDE_POST)
    author = hidden_post.author
    with django_capture_on_commit_callbacks(execute=True):
        appeal = file_appeal(action, acting_user=author, text="I was upset, and I've edited it.")
    with pytest.raises(Refused, match="already asked"):
        file_appeal(action, acting_user=author, text="Again")
    assert Notification.objects.filter(kind=NotificationKind.APPEAL).exists()
    with pytest.raises(Refused, match="Another moderator needs to decide"):
        decide_appeal(appeal, acting_user=moderator, overturn=True)
    other = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert decide_appeal(appeal, acting_user=other, overturn=True, note="Thanks for editing.") is True
        assert decide_appeal(appeal, acting_user=other, overturn=False) is False
    hidden_post.refresh_from_db()
    assert not hidden_post.is_hidden
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED and appeal.decided_by == other
    told = Notification.objects.filter(recipient=author).order_by("-pk").first().message
    assert "reversed the decision" in told and "Thanks for editing." in told


@pytest.mark.django_db
def test_overturned_suspension_is_lifted_and_upheld_one_stays(member, moderator, section):
    from moderation.models import ModerationAction

    sanction_member(member, acting_user=moderator, kind=SanctionKind.SUSPENSION, guideline_section=section)
    appeal = file_appeal(ModerationAction.objects.get(verb="suspend"), acting_user=member, text="Please look again.")
    decide_appeal(appeal, acting_user=ModeratorFactory(), overturn=False)
    assert type(member).objects.get(pk=member.pk).sanctions.get().lifted_at is None
    second = ModerationAction.objects.filter(verb="suspend")
    assert not second.filter(appeal__isnull=True).exists()  # that decision was appealed once already


@pytest.mark.django_db
def test_members_appeal_only_their_own_decisions(hidden_post, other_member):
    from django.core.exceptions import PermissionDenied

    from moderation.models import ModerationAction

    with pytest.raises(PermissionDenied):
        file_appeal(ModerationAction.objects.get(verb="hide-post"), acting_user=other_member, text="x")


@pytest.mark.django_db
def test_appeal_pages(hidden_post, moderator_client, client):
    author = hidden_post.author
    client.force_login(author)
    page = client.get(reverse("moderation:appeal-create")).content.decode()
    assert "Hid a post" in page
    from moderation.models import ModerationAction

    action = ModerationAction.objects.get(verb="hide-post")
    empty = client.post(reverse("moderation:appeal-create"), {"action": action.pk, "text": ""}).content.decode()
    assert "Please tell us, in your own words" in empty
    done = client.post(reverse("moderation:appeal-create"), {"action": action.pk, "text": "Please"}, follow=True)
    assert "Another moderator will look again" in done.content.decode()
    mod_page = moderator_client.get(reverse("moderation:appeal-list")).content.decode()
    assert "This was your decision" in mod_page  # moderator_client made the hide
    assert client.get(reverse("moderation:appeal-list")).status_code == 403
    assert Appeal.objects.count() == 1 and restriction_for(author) is None


@pytest.mark.django_db
def test_hidden_post_appeal_link_names_its_decision_and_the_page_opens_on_it(
    hidden_post, moderator, section, client, django_capture_on_commit_callbacks
):
    from moderation.models import ModerationAction

    author = hidden_post.author
    with django_capture_on_commit_callbacks(execute=True):
        sanction_member(author, acting_user=moderator, kind=SanctionKind.WARNING, guideline_section=section)
    hide = ModerationAction.objects.get(verb=ModerationVerb.HIDE_POST)
    warning = ModerationAction.objects.get(verb=ModerationVerb.WARN)  # the latest decision
    client.force_login(author)
    thread_page = client.get(hidden_post.thread.get_absolute_url()).content.decode()
    link = f"{reverse('moderation:appeal-create')}?decision={hide.pk}"
    assert f'href="{link}"' in thread_page
    appeal_page = client.get(link).content.decode()
    # The hide's form comes first, before the later warning's.
    assert appeal_page.index(f'id="decision-{hide.pk}"') < appeal_page.index(f'id="decision-{warning.pk}"')
    assert "Other decisions about you" in appeal_page
    file_appeal(hide, acting_user=author, text="Please look again.")
    again = client.get(link).content.decode()
    assert "You already asked about this decision" in again
    assert f'href="{link}"' not in client.get(hidden_post.thread.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_appeal_link_naming_someone_elses_decision_shows_nothing_about_it(hidden_post, other_member, client):
    from moderation.models import ModerationAction

    hide = ModerationAction.objects.get(verb=ModerationVerb.HIDE_POST)
    file_appeal(hide, acting_user=hidden_post.author, text="Please look again.")
    client.force_login(other_member)
    for decision in (hide.pk, "not-a-number", 999_999):
        page = client.get(reverse("moderation:appeal-create"), {"decision": decision}).content.decode()
        assert "There is no decision about you to ask about right now." in page
        assert "You already asked" not in page and hidden_post.thread.title not in page
