from moderation.models import Guideline


def guideline_get_current():
    """The newest published guidelines with their sections, or None."""
    return Guideline.objects.current()
