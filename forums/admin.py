from django.contrib import admin

from forums.models import Board, EmailDelivery, NotificationEvent
from safespace.admin import ModelAdmin, ReadOnlyModelAdmin


@admin.register(Board)
class BoardAdmin(ModelAdmin):
    list_display = ["name", "order", "is_sensitive", "members_only", "first_post_approval"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NotificationEvent)
class NotificationEventAdmin(ReadOnlyModelAdmin):
    """The outbox, to see that it drains."""

    list_display = ["pk", "kind", "notification_kind", "created_at", "fanned_out_at", "attempts"]
    list_filter = ["kind", ("fanned_out_at", admin.EmptyFieldListFilter)]
    # Ids only: the outbox is for checking delivery, not for reading who wrote what.
    fields = ["kind", "notification_kind", "created_at", "fanned_out_at", "attempts"]
    date_hierarchy = "created_at"


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "key", "kind", "status", "skip_reason", "created_at", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    fields = ["key", "kind", "status", "skip_reason", "created_at", "sent_at", "attempts"]
    date_hierarchy = "created_at"
