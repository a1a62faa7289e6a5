from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ThreadFactory, UserFactory, reply_to

# Staffed for one minute a day: "out of hours" for any test not run at midnight.
OUT_OF_HOURS = "00:00-00:01"


@pytest.fixture
def settled_member(db):
    return UserFactory(username="willow", date_joined=timezone.now() - timedelta(days=60))


@pytest.fixture
def crisis_line(db):
    from resources.services import refresh_help_snapshot
    from tests.factories import ResourceFactory

    ResourceFactory(name="Samaritans", kind="crisis-line", phone="116123", is_24_7=True)
    refresh_help_snapshot()


@pytest.fixture
def urgent_check_in_item(db, settled_member, django_capture_on_commit_callbacks):
    """A post whose author asked, from the crisis panel, for a moderator to check in (staffed hours)."""
    from moderation.intake import queue_post_from_pipeline

    thread = ThreadFactory(title="Nights are the worst")
    post = reply_to(thread, author=settled_member, body="I can't go on like this.")
    with django_capture_on_commit_callbacks(execute=True):
        return queue_post_from_pipeline(post, crisis_signal=True, check_in_requested=True, flags=[], held=False)
