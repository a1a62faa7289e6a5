from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """For records only services and tasks write (outboxes, audit logs): admins read them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
