"""Background work for the directory, idempotent through state columns and unique rows."""

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from resources.models import Resource, ReviewReminder, Status

LINK_CHECK_TIMEOUT = 10


def _curators():
    return get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")


def email_admins_overdue_reviews() -> int:
    """One email per admin per day listing resources past their review date."""
    today = timezone.localdate()
    overdue = list(
        Resource.objects.exclude(status=Status.ARCHIVED).filter(next_review_due__lt=today).order_by("next_review_due")
    )
    if not overdue:
        return 0
    sent = 0
    for admin in _curators():
        try:
            with transaction.atomic():
                reminder = ReviewReminder.objects.create(admin=admin, day=today)
        except IntegrityError:
            continue  # already sent today
        send_mail(
            _("%(count)d resources are due for review") % {"count": len(overdue)},
            render_to_string("resources/email/overdue_reviews.txt", {"resources": overdue, "admin": admin}),
            None,
            [admin.email],
        )
        ReviewReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        sent += 1
    return sent


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and settings.RESOURCES_LINK_CHECK_ALLOW_HTTP):
        return False
    request = urllib.request.Request(  # noqa: S310 - only https (or http in tests) reaches here
        url, method="HEAD", headers={"User-Agent": "SafeSpace-LinkCheck/1.0"}
    )
    try:
        with urllib.request.urlopen(request, timeout=LINK_CHECK_TIMEOUT) as response:  # noqa: S310 - scheme checked above
            return response.status < 400
    except urllib.error.HTTPError as error:
        return error.code < 400
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


def check_resource_links() -> int:
    """Records for every website whether it answered. Returns how many were checked."""
    checked = 0
    for resource in Resource.objects.exclude(website="").exclude(status=Status.ARCHIVED).only("pk", "website"):
        Resource.objects.filter(pk=resource.pk).update(
            link_ok=_answers(resource.website), link_checked_at=timezone.now()
        )
        checked += 1
    return checked
