from django.contrib import admin

from moderation.models import Guideline, GuidelineSection, ModerationAction
from safespace.admin import ReadOnlyModelAdmin


class GuidelineSectionInline(admin.StackedInline):
    model = GuidelineSection
    extra = 0


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "created_at"]
    inlines = [GuidelineSectionInline]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyModelAdmin):
    """The audit log is append-only: admins read it, nobody edits or deletes it."""

    list_display = ["created_at", "actor", "verb", "post", "member", "reason"]
    list_filter = ["verb"]
    date_hierarchy = "created_at"
