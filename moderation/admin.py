from django.contrib import admin

from moderation.models import BoardModerator, Guideline, GuidelineSection, ModerationAction, QueueItem, WatchedWord
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


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    """Words and patterns the posting pipeline watches for. Crisis phrases open urgent items; hints
    suggest kinder words and never block."""

    list_display = ["phrase", "action", "is_pattern", "is_active", "suggestion"]
    list_filter = ["action", "is_active", "is_pattern"]
    list_editable = ["is_active"]
    search_fields = ["phrase", "suggestion"]


@admin.register(QueueItem)
class QueueItemAdmin(ReadOnlyModelAdmin):
    """Moderators work the queue on its own pages; the admin only shows it."""

    list_display = ["pk", "lane", "status", "score", "created_at", "claimed_by", "resolution"]
    list_filter = ["lane", "status"]


@admin.register(BoardModerator)
class BoardModeratorAdmin(admin.ModelAdmin):
    """Board moderators moderate posts and threads on their boards only; they need two-factor too."""

    list_display = ["member", "board"]
    list_filter = ["board"]
    autocomplete_fields = ["member"]
