"""The settling rule, cell by cell: for each starting state of a post (visible, hidden by reports,
hidden by a moderator, held; named and anonymous) and each decision a moderator can send, the post
afterwards, the one log row, what the author is told and what each reporter is told. The expected
table is written here on its own, not read from moderation/outcomes.py."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from forums.models import Notification, NotificationKind, Post
from forums.services.posts import create_reply
from moderation.models import ItemStatus, ModerationAction, ModerationVerb, QueueItem, ReportReason
from moderation.selectors import guideline_get_current
from moderation.services import file_report, resolve_item, restore_post
from safespace.refusals import Refused
from tests.factories import ThreadFactory, UserFactory, reply_to

APPROVE, DISMISS, HIDE, REJECT, RESTORE = "approve-post", "dismiss", "hide-post", "reject-post", "restore"

# Words each notice must contain; None: that person is told nothing.
HID = "A moderator hid your post"
NOT_PUBLISHED = "didn't publish your post"
SHOWN_AGAIN = "found no guideline broken. Everyone can see it again"
APPROVED = "has been approved and everyone can see it now"
TOOK_ACTION = "We reviewed the post you reported and took action"
STAYS_UP = "We reviewed the post you reported and it stays up"

# (starting state, decision) -> (post afterwards, log verb, author told, reporters told)
EXPECTED = {
    ("visible", APPROVE): ("visible", "dismiss", None, STAYS_UP),
    ("visible", DISMISS): ("visible", "dismiss", None, STAYS_UP),
    ("visible", HIDE): ("hidden", "hide-post", HID, TOOK_ACTION),
    ("visible", REJECT): ("hidden", "hide-post", HID, TOOK_ACTION),
    ("auto-hidden", APPROVE): ("visible", "restore-post", SHOWN_AGAIN, STAYS_UP),
    ("auto-hidden", DISMISS): ("visible", "restore-post", SHOWN_AGAIN, STAYS_UP),
    ("auto-hidden", RESTORE): ("visible", "restore-post", SHOWN_AGAIN, STAYS_UP),
    ("auto-hidden", HIDE): ("hidden", "hide-post", HID, TOOK_ACTION),
    ("auto-hidden", REJECT): ("hidden", "hide-post", HID, TOOK_ACTION),
    ("hidden", APPROVE): ("visible", "restore-post", SHOWN_AGAIN, STAYS_UP),
    ("hidden", DISMISS): ("visible", "restore-post", SHOWN_AGAIN, STAYS_UP),
    ("hidden", RESTORE): ("visible", "restore-post", SHOWN_AGAIN, STAYS_UP),
    ("hidden", HIDE): ("hidden", "hide-post", HID, TOOK_ACTION),
    ("hidden", REJECT): ("hidden", "hide-post", HID, TOOK_ACTION),
    ("held", APPROVE): ("visible", "approve-post", APPROVED, None),
    ("held", DISMISS): ("visible", "approve-post", APPROVED, None),
    ("held", HIDE): ("not published", "reject-post", NOT_PUBLISHED, None),
    ("held", REJECT): ("not published", "reject-post", NOT_PUBLISHED, None),
}


def _settled(name=None):
    fields = {"username": name} if name else {}
    return UserFactory(date_joined=timezone.now() - timedelta(days=60), **fields)


def _post_in(state, *, anonymous, moderator, section):
    """A post in the starting state, with its open queue item and the reporters who should hear."""
    thread = ThreadFactory(title="Holding on")
    reporters = []
    if state == "held":
        with override_settings(MODERATION_HOLD_FIRST_POST=True):
            post = create_reply(
                thread, acting_user=UserFactory(username="newleaf"), body="Hello", is_anonymous=anonymous
            )
        assert post.is_pending_approval
        return post, reporters
    post = reply_to(thread, author=_settled("writer"), body="Some words.", is_anonymous=anonymous)
    if state == "hidden":
        first = _settled()
        file_report(acting_user=first, post=post, reason=ReportReason.SPAM)
        resolve_item(QueueItem.objects.get(post=post), acting_user=moderator, action=HIDE, guideline_section=section)
        Notification.objects.all().delete()
    count = 3 if state == "auto-hidden" else 1  # three members' reports pass the threshold
    for _ in range(count):
        reporter = _settled()
        file_report(acting_user=reporter, post=post, reason=ReportReason.SPAM)
        reporters.append(reporter)
    post.refresh_from_db()
    assert post.is_hidden == (state in ("auto-hidden", "hidden"))
    Notification.objects.filter(recipient=post.author).delete()  # start counting from the decision
    return post, reporters


def _state_of(post):
    if post.is_pending_approval:
        return "not published" if post.is_hidden else "held"
    return "hidden" if post.is_hidden else "visible"


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
@pytest.mark.parametrize(("state", "decision"), list(EXPECTED), ids=[f"{s}-{d}" for s, d in EXPECTED])
def test_settling_outcome_follows_the_table(state, decision, anonymous, moderator, django_capture_on_commit_callbacks):
    section = guideline_get_current().sections.get(number=1)
    post, reporters = _post_in(state, anonymous=anonymous, moderator=moderator, section=section)
    item = QueueItem.objects.get(post=post, status=ItemStatus.OPEN)
    before = set(ModerationAction.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        if decision == RESTORE:
            assert restore_post(post, acting_user=moderator)
        else:
            assert resolve_item(item, acting_user=moderator, action=decision, guideline_section=section)
    expected_state, expected_verb, author_told, reporters_told = EXPECTED[(state, decision)]

    post.refresh_from_db()
    assert _state_of(post) == expected_state
    if expected_state == "hidden":
        # The moderator's guideline replaces "hidden for now after reports".
        assert f"guideline {section.number}" in post.hidden_reason and "for now" not in post.hidden_reason
    [row] = ModerationAction.objects.exclude(pk__in=before)
    assert (row.verb, row.actor, row.item_id, row.post_id) == (expected_verb, moderator, item.pk, post.pk)
    assert QueueItem.objects.get(pk=item.pk).status == ItemStatus.RESOLVED

    to_author = list(Notification.objects.filter(recipient=post.author).values_list("message", flat=True))
    if author_told is None:
        assert to_author == []
    else:
        [message] = to_author
        assert author_told in message
        if expected_verb in ("hide-post", "reject-post"):
            assert f"guideline {section.number}" in message and "ask for it to be looked at again" in message
    for reporter in reporters:
        [message] = Notification.objects.filter(recipient=reporter, kind=NotificationKind.REPORT_OUTCOME).values_list(
            "message", flat=True
        )
        assert message.startswith(reporters_told)
        assert post.author.username not in message  # never who wrote it, named or anonymous
    if reporters_told is None:
        assert not Notification.objects.filter(kind=NotificationKind.REPORT_OUTCOME).exists()


@pytest.mark.django_db
def test_confirming_a_post_reports_hid_gives_the_author_a_decision_to_appeal(moderator):
    from moderation.selectors import appealable_actions_for

    section = guideline_get_current().sections.get(number=2)
    post, _reporters = _post_in("auto-hidden", anonymous=False, moderator=moderator, section=section)
    assert not appealable_actions_for(post.author).exists()
    resolve_item(QueueItem.objects.get(post=post), acting_user=moderator, action=HIDE, guideline_section=section)
    [decision] = appealable_actions_for(post.author)
    assert decision.verb == ModerationVerb.HIDE_POST and decision.actor == moderator


@pytest.mark.django_db
def test_an_item_about_a_member_can_be_closed_but_not_hidden(moderator, django_capture_on_commit_callbacks):
    member, reporter = _settled("target"), _settled("worried")
    file_report(acting_user=reporter, member=member, reason=ReportReason.SPAM)
    item = QueueItem.objects.get()
    section = guideline_get_current().sections.get(number=1)
    with pytest.raises(Refused, match="Only a post can be hidden"):
        resolve_item(item, acting_user=moderator, action=HIDE, guideline_section=section)
    with django_capture_on_commit_callbacks(execute=True):
        assert resolve_item(item, acting_user=moderator, action=DISMISS)
    [row] = ModerationAction.objects.filter(actor=moderator)
    assert row.verb == "dismiss" and row.member == member
    assert "the member you reported and it stays up" in Notification.objects.get(recipient=reporter).message


@pytest.mark.django_db
def test_second_moderator_changes_nothing_and_is_told_who_settled_it(moderator):
    from moderation.selectors import settled_elsewhere_message
    from tests.factories import ModeratorFactory

    section = guideline_get_current().sections.get(number=1)
    post, _reporters = _post_in("visible", anonymous=False, moderator=moderator, section=section)
    item = QueueItem.objects.get(post=post)
    assert resolve_item(item, acting_user=moderator, action=HIDE, guideline_section=section)
    rows = ModerationAction.objects.count()
    assert not resolve_item(item, acting_user=ModeratorFactory(), action=DISMISS)
    assert ModerationAction.objects.count() == rows and Post.objects.get(pk=post.pk).is_hidden
    words = settled_elsewhere_message(item)
    assert words.startswith("Another moderator settled this a moment ago: Hid a post")
    assert moderator.username in words
