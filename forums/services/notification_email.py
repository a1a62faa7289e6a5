"""The emails notifications send: text and HTML from our own templates, with a signed one-click
unsubscribe link per kind (no login needed) and the List-Unsubscribe headers mail apps offer."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from forums.models import Notification, NotificationKind, Thread
from forums.selectors.notifications import notification_headline
from forums.services.notifications import DIGEST
from moderation.sanitise import render_plain_excerpt

UNSUBSCRIBE_SALT = "forums.email-unsubscribe"
EXCERPT_LENGTH = 300


def unsubscribe_token(member, kind: str) -> str:
    return signing.dumps({"member": member.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(member id, kind) from a link we sent, or None for anything we did not sign."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("member"), int):
        return None
    kind = data.get("kind")
    if kind != DIGEST and kind not in NotificationKind.values:
        return None
    return data["member"], kind


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _unsubscribe_url(member, kind: str) -> str:
    return absolute(reverse("forums:email-unsubscribe", kwargs={"token": unsubscribe_token(member, kind)}))


def excerpt_for_email(notification: Notification) -> str:
    """A short plain excerpt of the post, except where the email must carry only a link: posts on
    sensitive boards, posts behind a content warning, and anything that is not a post event."""
    post = notification.post
    if post is None or notification.kind not in (NotificationKind.REPLY, NotificationKind.MENTION):
        return ""
    if post.thread.board.is_sensitive or post.content_warnings:
        return ""
    return render_plain_excerpt(post.body, EXCERPT_LENGTH)


def _message(member, *, subject: str, template: str, context: dict, unsubscribe_kind: str) -> EmailMultiAlternatives:
    unsubscribe_url = _unsubscribe_url(member, unsubscribe_kind)
    context = {
        **context,
        "member": member,
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("forums:notification-settings")),
        "help_url": absolute(reverse("resources:help")),
    }
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string(f"forums/email/{template}.txt", context),
        to=[member.email],
        headers={
            # RFC 8058: mail apps offer their own one-click "Unsubscribe" that POSTs to this URL.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"forums/email/{template}.html", context), "text/html")
    return message


def build_notification_email(notification: Notification) -> EmailMultiAlternatives:
    member = notification.recipient
    headline = notification_headline(notification, for_email=True)
    link = absolute(reverse("forums:notification-open", kwargs={"pk": notification.pk}))
    return _message(
        member,
        subject=headline if len(headline) <= 120 else headline[:119] + "…",
        template="notification",
        context={
            "headline": headline,
            "excerpt": excerpt_for_email(notification),
            "link": link,
            "kind_label": NotificationKind(notification.kind).label,
            # An urgent alert asks for a look now: it must not close with "take your time".
            "is_urgent": notification.kind == NotificationKind.URGENT_ITEM,
        },
        unsubscribe_kind=notification.kind,
    )


def build_digest_email(member, *, notifications: list[Notification], threads: list[Thread]):
    """None when there is nothing to tell: no empty digests."""
    if not notifications and not threads:
        return None
    items = [
        {
            "headline": notification_headline(notification, for_email=True),
            "link": absolute(reverse("forums:notification-open", kwargs={"pk": notification.pk})),
        }
        for notification in notifications
    ]
    new_threads = [
        {
            "title": _("A new thread in %(board)s") % {"board": thread.board.name}
            if thread.board.is_sensitive
            else f"{thread.title} ({thread.board.name})",
            "link": absolute(thread.get_absolute_url()),
        }
        for thread in threads
    ]
    return _message(
        member,
        subject=_("Your daily summary"),
        template="digest",
        context={"items": items, "new_threads": new_threads},
        unsubscribe_kind=DIGEST,
    )
