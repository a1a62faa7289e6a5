from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from accounts.middleware import mark_site_data_for_clearing

        user_logged_out.connect(mark_site_data_for_clearing, dispatch_uid="accounts.clear-site-data")
