import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from conversations.demo import seed_demo_conversation
from forums.demo import DEMO_PASSWORD, seed_demo
from safespace.celery import app


@contextmanager
def _quietly():
    """The demo conversations go through the real services, which email members and log each
    task. Those emails go to memory (not the console, and not later through a worker: tasks run
    here and mark them sent), and routine logs are held back, so what the command prints is what
    a person needs: the accounts. Errors are still shown."""
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    logging.disable(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        logging.disable(logging.NOTSET)
        app.conf.task_always_eager = was_eager


class Command(BaseCommand):
    help = "Creates demo boards, guidelines and accounts (idempotent). Never runs in production."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError(
                "seed_demo refuses to run with production settings: demo accounts have a known password."
            )
        with _quietly():
            accounts = seed_demo()
            seed_demo_conversation()
        # The accounts come last, so they are the first thing a person sees above the server's banner.
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write("Moderator and admin pages ask demo_moderator and demo_admin to set up two-factor first.")
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in with one of these demo accounts:")
        for user in accounts:
            self.stdout.write(f"  {user.username:<16} password: {DEMO_PASSWORD}")
