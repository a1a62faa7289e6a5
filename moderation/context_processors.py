from moderation.restrictions import restriction_for, restriction_message
from moderation.selectors import restriction_appeal_url
from moderation.staffing import moderators_back_at, moderators_on_duty


def staffing(request):
    """Outside staffed hours every page says when moderators are back (with the crisis link); a
    suspended or banned member sees, on every page, why they cannot post and until when."""
    context = {}
    if not moderators_on_duty():
        context["moderators_back_at"] = moderators_back_at()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and (sanction := restriction_for(user)):
        context["restriction_notice"] = restriction_message(sanction)
        context["restriction_appeal_url"] = restriction_appeal_url(user, sanction)
    return context
