from django.contrib import admin

from moderation.models import Guideline, GuidelineSection


class GuidelineSectionInline(admin.StackedInline):
    model = GuidelineSection
    extra = 0


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "created_at"]
    inlines = [GuidelineSectionInline]
