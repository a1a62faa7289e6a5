"""Writes for the directory. Every change to what is published refreshes the crisis page's
snapshot after the transaction commits, so /help/ keeps working when the database does not."""

import json
import os
import tempfile
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from resources.models import REVIEW_INTERVAL, MemberRegion, Resource, ResourceRegion, ResourceTopic, Status
from resources.selectors import HELP_SNAPSHOT_CACHE_KEY, crisis_snapshot_from_database


def refresh_help_snapshot() -> list[dict]:
    """Writes the crisis data to the cache and, atomically, to the snapshot file."""
    data = crisis_snapshot_from_database()
    cache.set(HELP_SNAPSHOT_CACHE_KEY, data, None)
    path = settings.RESOURCES_SNAPSHOT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".help-snapshot-")
    with os.fdopen(handle, "w") as file:
        json.dump(data, file, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
    return data


def _after_directory_change():
    transaction.on_commit(refresh_help_snapshot)


def publish_resources(resource_ids, *, acting_user) -> int:
    """Publishes drafts and archived entries; tells members whose suggestion went live."""
    from resources.tasks import notify_suggester

    with transaction.atomic():
        to_publish = list(
            Resource.objects.select_for_update().filter(pk__in=resource_ids).exclude(status=Status.PUBLISHED)
        )
        Resource.objects.filter(pk__in=[r.pk for r in to_publish]).update(status=Status.PUBLISHED)
        for resource in to_publish:
            if resource.suggested_by_id and resource.suggester_notified_at is None:
                transaction.on_commit(lambda pk=resource.pk: notify_suggester.delay(pk))
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
    """After an admin edit: default the review date, tell a suggester when it went live."""
    from resources.tasks import notify_suggester

    if resource.last_verified_on and not resource.next_review_due:
        Resource.objects.filter(pk=resource.pk).update(next_review_due=resource.last_verified_on + REVIEW_INTERVAL)
    if resource.status == Status.PUBLISHED and not was_published and resource.suggested_by_id:
        transaction.on_commit(lambda: notify_suggester.delay(resource.pk))
    _after_directory_change()


def suggest_resource(*, acting_user, name, description, kind, website="", phone="", country="", topics=()) -> Resource:
    """A member's suggestion lands as a draft for admins to check."""
    with transaction.atomic():
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
