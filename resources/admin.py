from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resources import services
from resources.forms import OpeningHoursFormSet, ResourceAdminForm
from resources.models import OpeningHours, Resource, ResourceRegion, ResourceTopic, Status
from safespace.admin import ModelAdmin


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0


class TopicInline(admin.TabularInline):
    model = ResourceTopic
    extra = 0


class RegionInline(admin.TabularInline):
    model = ResourceRegion
    extra = 0


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Past review date")), ("soon", _("Due within 30 days"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=today + timezone.timedelta(days=30))
        return queryset


class SuggestedFilter(admin.SimpleListFilter):
    title = _("origin")
    parameter_name = "suggested"

    def lookups(self, request, model_admin):
        return [("members", _("Suggested by members"))]

    def queryset(self, request, queryset):
        return queryset.filter(suggested_by__isnull=False) if self.value() == "members" else queryset


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        codes = ResourceRegion.objects.values_list("country", flat=True).distinct().order_by("country")
        return [(code, code) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(regions__country=self.value()).distinct() if self.value() else queryset


@admin.register(Resource)
class ResourceAdmin(ModelAdmin):
    form = ResourceAdminForm
    inlines = [TopicInline, RegionInline, OpeningHoursInline]
    list_display = [
        "name", "kind", "status", "last_verified_on", "next_review_due", "link_ok", "is_demo", "suggested_by",
    ]  # fmt: skip
    list_filter = ["status", "kind", RegionFilter, ReviewDueFilter, SuggestedFilter, "link_ok", "is_demo"]
    search_fields = ["name", "description", "audience", "internal_notes"]
    list_select_related = ["suggested_by"]
    readonly_fields = ["link_ok", "link_checked_at", "suggester_notified_at", "created_at", "updated_at"]
    actions = ["publish", "archive", "mark_verified_today"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.resource_saved_in_admin(
            form.instance, acting_user=request.user, was_published=form.initial.get("status") == Status.PUBLISHED
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.resources_deleted_in_admin()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.resources_deleted_in_admin()

    @admin.action(description=_("Publish selected resources"))
    def publish(self, request, queryset):
        count = services.publish_resources(list(queryset.values_list("pk", flat=True)), acting_user=request.user)
        self.message_user(request, _("%(count)d published.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Archive selected resources"))
    def archive(self, request, queryset):
        count = services.archive_resources(list(queryset.values_list("pk", flat=True)), acting_user=request.user)
        self.message_user(request, _("%(count)d archived.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Mark selected as verified today"))
    def mark_verified_today(self, request, queryset):
        count = services.mark_verified(list(queryset.values_list("pk", flat=True)), acting_user=request.user)
        self.message_user(request, _("%(count)d marked verified today.") % {"count": count}, messages.SUCCESS)
