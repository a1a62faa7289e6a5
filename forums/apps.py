from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from forums.composer_session import forget_words_of_others


def drop_other_members_words(sender, request=None, user=None, **kwargs):
    """At log in, words another member left in this browser's session are dropped."""
    if request is not None and user is not None and hasattr(request, "session"):
        forget_words_of_others(request, user)


class ForumsConfig(AppConfig):
    name = "forums"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Read once the apps are loaded: the member data hooks import models.
        from accounts.member_data import register
        from forums.member_data import HOOKS

        user_logged_in.connect(drop_other_members_words, dispatch_uid="forums.kept-words-at-login", weak=False)
        register(self.label, **HOOKS)
