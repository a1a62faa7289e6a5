from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forums.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Creates demo boards, guidelines and accounts (idempotent). Never runs in production."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError(
                "seed_demo refuses to run with production settings: demo accounts have a known password."
            )
        accounts = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        for user in accounts:
            self.stdout.write(f"  {user.username:<16} password: {DEMO_PASSWORD}")
        self.stdout.write("Moderator and admin pages ask demo_moderator and demo_admin to set up two-factor first.")
