from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.member_data import register
        from moderation.member_data import HOOKS

        register(self.label, **HOOKS)
