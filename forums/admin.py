from django.contrib import admin

from forums.models import Board, EmailDelivery, NotificationEvent


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_sensitive", "members_only"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class ReadOnlyAdmin(admin.ModelAdmin):
    """The outbox is written by services and tasks only; admins look, to see that it drains."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationEvent)
class NotificationEventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "notification_kind", "created_at", "fanned_out_at", "attempts"]
    list_filter = ["kind", ("fanned_out_at", admin.EmptyFieldListFilter)]
    # Ids only: the outbox is for checking delivery, not for reading who wrote what.
    fields = ["kind", "notification_kind", "created_at", "fanned_out_at", "attempts"]
    date_hierarchy = "created_at"


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "key", "kind", "status", "skip_reason", "created_at", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    fields = ["key", "kind", "status", "skip_reason", "created_at", "sent_at", "attempts"]
    date_hierarchy = "created_at"
