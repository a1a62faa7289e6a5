from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from accounts.middleware import mark_site_data_for_clearing

        user_logged_out.connect(mark_site_data_for_clearing, dispatch_uid="accounts.clear-site-data")

        # Roles live in the cached reading context: joining the Moderators group or switching
        # two-factor on or off moves the member's reading version on, whoever makes the change.
        from allauth.mfa.models import Authenticator
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.models import User
        from accounts.reading_context import bump_for_group_change, bump_for_row

        m2m_changed.connect(bump_for_group_change, sender=User.groups.through, dispatch_uid="accounts.roles-groups")
        post_save.connect(bump_for_row, sender=Authenticator, dispatch_uid="accounts.roles-mfa-saved")
        post_delete.connect(bump_for_row, sender=Authenticator, dispatch_uid="accounts.roles-mfa-deleted")
