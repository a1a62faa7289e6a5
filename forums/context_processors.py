from django.utils.functional import SimpleLazyObject

from forums.composer_session import confirmed_submissions, draft_namespace_for
from forums.notifications.selectors import unread_notification_count


def notifications(request):
    """The bell's count (read lazily: pages that do not show the header pay nothing) and the break."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    paused = user.notifications_paused
    return {
        "notifications_paused": paused,
        "notification_unread_count": 0 if paused else SimpleLazyObject(lambda: unread_notification_count(user)),
    }


def drafts(request):
    """What static/js/site.js and composer.js need to keep drafts per member: the member's namespace
    (none for visitors, who never store a draft), whether they keep drafts at all, and the
    submissions the server has lately confirmed (read lazily, by base.html)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "draft_namespace": SimpleLazyObject(lambda: draft_namespace_for(user)),
        "keeps_drafts": user.keeps_drafts_on_device,
        "confirmed_submissions": SimpleLazyObject(lambda: confirmed_submissions(request)),
    }
