from django.utils.functional import SimpleLazyObject

from forums.selectors.notifications import unread_notification_count


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
