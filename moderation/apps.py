from django.apps import AppConfig

from accounts.member_data import register


class ModerationConfig(AppConfig):
    name = "moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.reading_context import bump_for_row
        from moderation.member_data import HOOKS
        from moderation.models import BoardModerator

        register(self.label, **HOOKS)
        # Which boards a member moderates is part of their cached reading context.
        post_save.connect(bump_for_row, sender=BoardModerator, dispatch_uid="moderation.roles-boards-saved")
        post_delete.connect(bump_for_row, sender=BoardModerator, dispatch_uid="moderation.roles-boards-deleted")
