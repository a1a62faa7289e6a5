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
        from django.db.models.signals import post_delete, post_save

        from accounts.member_data import register
        from accounts.reading_context import bump_for_row, register_part
        from forums.member_data import HOOKS
        from forums.models import ContentWarningPreference, HiddenWord, MemberMute
        from forums.selectors.preferences import load_reader_choices

        user_logged_in.connect(drop_other_members_words, dispatch_uid="forums.kept-words-at-login", weak=False)
        register(self.label, **HOOKS)
        # A reader's content-warning choices, mutes and hidden words ride in their cached reading
        # context; every change to those rows, by any path, moves the reader's version on.
        register_part("forums", load_reader_choices)
        for model in (ContentWarningPreference, HiddenWord, MemberMute):
            post_save.connect(bump_for_row, sender=model, dispatch_uid=f"forums.reading-{model.__name__}-saved")
            post_delete.connect(bump_for_row, sender=model, dispatch_uid=f"forums.reading-{model.__name__}-deleted")
