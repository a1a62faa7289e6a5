from django.contrib import admin

from care.models import Debrief, DebriefSharing
from safespace.admin import ReadOnlyModelAdmin


@admin.register(Debrief)
class SharedDebriefAdmin(ReadOnlyModelAdmin):
    """Debrief notes moderators chose to share with admins, and only those: a private note never
    reaches the admin. Members' reminders and moderators' shift marks are not here at all: they are
    private to the person who made them."""

    list_display = ["created_at", "moderator", "text"]
    list_select_related = ["moderator"]
    fields = ["created_at", "moderator", "item", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(sharing=DebriefSharing.ADMINS, skipped=False)
