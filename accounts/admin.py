from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import GuidelineAgreement, User
from safespace.admin import ModelAdmin, OfferedFiltersOnly


@admin.register(User)
class UserAdmin(OfferedFiltersOnly, DjangoUserAdmin):
    list_display = ["username", "email", "is_active", "is_staff", "date_joined", "removed_at"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["username", "email"]
    readonly_fields = ["removed_at", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Profile"), {"fields": ("email", "bio")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "removed_at")}),
    )


@admin.register(GuidelineAgreement)
class GuidelineAgreementAdmin(ModelAdmin):
    list_display = ["user", "guideline", "agreed_at"]
    list_select_related = ["user", "guideline"]
    readonly_fields = ["user", "guideline", "agreed_at"]
