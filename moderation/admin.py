from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from moderation.models import BoardModerator, Guideline, GuidelineSection, ModerationAction, QueueItem, WatchedWord
from safespace.admin import ModelAdmin, ReadOnlyModelAdmin


class GuidelineSectionInline(admin.StackedInline):
    model = GuidelineSection
    extra = 0


@admin.register(Guideline)
class GuidelineAdmin(ModelAdmin):
    list_display = ["version", "published_at", "created_at"]
    inlines = [GuidelineSectionInline]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyModelAdmin):
    """The audit log is append-only: admins read it, nobody edits or deletes it. Decisions about an
    anonymous post name no member (they are filed under nobody): the post's moderation page, with a
    reason that is logged, is the only way to learn its author."""

    list_display = ["created_at", "actor", "verb", "post", "filed_under", "reason"]
    list_filter = ["verb"]
    # One member's decisions, by address: safe, since decisions on anonymous posts are filed under nobody.
    address_filters = ["member"]
    list_select_related = ["actor", "post__thread", "member"]
    fields = ["created_at", "actor", "verb", "post", "filed_under", "item", "reason", "old_value", "new_value"]
    date_hierarchy = "created_at"

    @admin.display(description=_("member"))
    def filed_under(self, action):
        if action.post_id and action.post.is_anonymous:
            return _("Anonymous member")
        return action.member.display_name if action.member_id else "—"


@admin.register(WatchedWord)
class WatchedWordAdmin(ModelAdmin):
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
class BoardModeratorAdmin(ModelAdmin):
    """Board moderators moderate posts and threads on their boards only; they need two-factor too."""

    list_display = ["member", "board"]
    list_filter = ["board"]
    autocomplete_fields = ["member"]
