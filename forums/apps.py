from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.member_data import register
        from forums.composer_session import forget_words_of_others
        from forums.member_data import HOOKS

        def drop_other_members_words(sender, request=None, user=None, **kwargs):
            if request is not None and user is not None and hasattr(request, "session"):
                forget_words_of_others(request, user)

        user_logged_in.connect(drop_other_members_words, dispatch_uid="forums.kept-words-at-login", weak=False)
        register(self.label, **HOOKS)
