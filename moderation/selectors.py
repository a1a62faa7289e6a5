from moderation.models import Guideline


def guideline_get_current():
    """The newest published guidelines with their sections, or None."""
    return Guideline.objects.current()


def moderation_log_for_post(post):
    from moderation.models import ModerationAction

    return ModerationAction.objects.filter(post=post).select_related("actor")[:50]
