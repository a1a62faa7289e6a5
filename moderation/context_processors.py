from moderation.staffing import moderators_back_at, moderators_on_duty


def staffing(request):
    """Outside staffed hours every page says when moderators are back (with the crisis link)."""
    if moderators_on_duty():
        return {}
    return {"moderators_back_at": moderators_back_at()}
