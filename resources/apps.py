from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.member_data import register
        from resources.member_data import HOOKS

        register(self.label, **HOOKS)
