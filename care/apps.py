from django.apps import AppConfig

from accounts.member_data import register


class CareConfig(AppConfig):
    name = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Read once the apps are loaded: the member data hooks import models.
        from care.member_data import HOOKS

        register(self.label, **HOOKS)
