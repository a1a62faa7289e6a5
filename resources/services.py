"""Writes for the directory. Every change to what is published refreshes the crisis page's
snapshot after the transaction commits, so /help/ keeps working when the database does not."""

import json
import os
import tempfile
import uuid
from datetime import date, timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import NotificationKind
from forums.notifications.outbox import notify_member
from moderation.restrictions import restriction_for
from resources.models import REVIEW_INTERVAL, MemberRegion, Resource, ResourceRegion, ResourceTopic, Status
from resources.selectors import (
    HELP_SNAPSHOT_CACHE_KEY,
    SIDEBAR_VERSION_KEY,
    crisis_snapshot_from_database,
    member_region_cache_key,
)
from safespace.refusals import Refused


def refresh_help_snapshot() -> list[dict]:
    """Writes the crisis data to the cache and, atomically, to the snapshot file."""
    data = crisis_snapshot_from_database()
    cache.set(HELP_SNAPSHOT_CACHE_KEY, data, None)
    # Boards' sidebars read the directory again (resources.selectors.sidebar_support_for_topic).
    cache.set(SIDEBAR_VERSION_KEY, uuid.uuid4().hex, None)
    path = settings.RESOURCES_SNAPSHOT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".help-snapshot-")
    with os.fdopen(handle, "w") as file:
        json.dump(data, file, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
    return data


def _after_directory_change():
    transaction.on_commit(refresh_help_snapshot)


def _tell_suggester(resource: Resource) -> None:
    """Once per resource (suggester_notified_at flips under a conditional update): the member who
    suggested it hears, in the app and by email, that it is now in the directory."""
    if not resource.suggested_by_id:
        return
    if not Resource.objects.filter(pk=resource.pk, suggester_notified_at__isnull=True).update(
        suggester_notified_at=timezone.now()
    ):
        return
    notify_member(
        resource.suggested_by,
        kind=NotificationKind.SUGGESTION_PUBLISHED,
        message=_("Thank you: “%(name)s”, which you suggested, is now in the directory of help.")
        % {"name": resource.name},
        link=f"{reverse('resources:list')}?q={quote(resource.name)}",
    )


def publish_resources(resource_ids, *, acting_user) -> int:
    """Publishes drafts and archived entries; tells members whose suggestion went live."""
    with transaction.atomic():
        to_publish = list(
            Resource.objects.select_for_update().filter(pk__in=resource_ids).exclude(status=Status.PUBLISHED)
        )
        Resource.objects.filter(pk__in=[r.pk for r in to_publish]).update(status=Status.PUBLISHED)
        for resource in to_publish:
            _tell_suggester(resource)
        _after_directory_change()
    return len(to_publish)


def archive_resources(resource_ids, *, acting_user) -> int:
    with transaction.atomic():
        count = (
            Resource.objects.filter(pk__in=resource_ids).exclude(status=Status.ARCHIVED).update(status=Status.ARCHIVED)
        )
        _after_directory_change()
    return count


def mark_verified(resource_ids, *, acting_user, on: date | None = None) -> int:
    on = on or timezone.localdate()
    with transaction.atomic():
        count = Resource.objects.filter(pk__in=resource_ids).update(
            last_verified_on=on, verified_by=acting_user, next_review_due=on + REVIEW_INTERVAL
        )
        _after_directory_change()
    return count


def resource_saved_in_admin(resource: Resource, *, acting_user, was_published: bool) -> None:
    """After an admin edit (inside the admin's transaction): default the review date, tell a
    suggester when it went live."""
    if resource.last_verified_on and not resource.next_review_due:
        Resource.objects.filter(pk=resource.pk).update(next_review_due=resource.last_verified_on + REVIEW_INTERVAL)
    if resource.status == Status.PUBLISHED and not was_published:
        _tell_suggester(resource)
    _after_directory_change()


def resources_deleted_in_admin() -> None:
    """After resources are deleted in the admin: the help snapshot and the boards' sidebars follow."""
    _after_directory_change()


# Admins check every suggestion by hand: a few a day from one member is plenty, and keeps the
# drafts list something a volunteer can get through.
SUGGESTIONS_PER_DAY = 5


def suggestion_refusal_for(member) -> str:
    """Why this member cannot suggest a resource right now, in words for them, or "" when they can."""
    if restriction_for(member) is not None:
        return _(
            "While your posting is paused you can't suggest resources. You can still read the directory, "
            "and Get help now is always there."
        )
    since = timezone.now() - timedelta(days=1)
    if Resource.objects.filter(suggested_by=member, created_at__gte=since).count() >= SUGGESTIONS_PER_DAY:
        return _(
            "Thank you for all your suggestions today. An admin checks each one by hand, so please send more tomorrow."
        )
    return ""


def suggest_resource(*, acting_user, name, description, kind, website="", phone="", country="", topics=()) -> Resource:
    """A member's suggestion lands as a draft for admins to check. Raises Refused for a
    suspended or banned member, and past the daily cap (counted under a lock on the member's row, so
    two suggestions sent at once cannot both slip past it)."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=acting_user.pk).first()
        if refusal := suggestion_refusal_for(acting_user):
            raise Refused(refusal)
        resource = Resource.objects.create(
            name=name,
            description=description,
            kind=kind,
            website=website,
            phone=phone,
            status=Status.DRAFT,
            suggested_by=acting_user,
            internal_notes="Suggested by a member; please verify every detail before publishing.",
        )
        ResourceTopic.objects.bulk_create(ResourceTopic(resource=resource, topic=topic) for topic in topics)
        if country:
            ResourceRegion.objects.create(resource=resource, country=country.upper())
    return resource


def set_member_region(member, *, country: str) -> None:
    if country:
        MemberRegion.objects.update_or_create(member=member, defaults={"country": country.upper()})
    else:
        MemberRegion.objects.filter(member=member).delete()
    # The cached copy pages read (saved_region_for_member): dropped now and again after commit, so
    # a page that read the old row in between cannot keep it.
    key = member_region_cache_key(member.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
