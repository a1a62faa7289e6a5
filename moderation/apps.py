from django.apps import AppConfig

from accounts.member_data import register


class ModerationConfig(AppConfig):
    name = "moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from moderation.member_data import HOOKS

        register(self.label, **HOOKS)
