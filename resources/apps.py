from django.apps import AppConfig

from accounts.member_data import register


class ResourcesConfig(AppConfig):
    name = "resources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from resources.member_data import HOOKS

        register(self.label, **HOOKS)
