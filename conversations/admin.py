from django.contrib import admin

from conversations.models import SavedReply
from safespace.admin import ModelAdmin

# Conversations themselves are not in the admin: they are private between a member and the team, and
# are read on the team's pages, where concerns about a moderator stay with admins.


@admin.register(SavedReply)
class SavedReplyAdmin(ModelAdmin):
    list_display = ["title", "situation", "is_active", "order", "updated_at"]
    list_filter = ["situation", "is_active"]
    list_editable = ["is_active", "order"]
    fields = ["situation", "title", "body", "is_active", "order"]
