from django.contrib import admin

from forums.models import Board


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_sensitive", "members_only"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
