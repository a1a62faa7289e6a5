"""An email backend for worker processes under test: each message becomes one file, named after its
recipient and Message-ID, written only once the (slow) hand-off completes."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class FileEachBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["FAULT_MAIL_DIR"])
        delay = float(os.environ.get("FAULT_EMAIL_DELAY", "0"))
        for message in email_messages:
            time.sleep(delay)
            message_id = message.extra_headers.get("Message-ID", "").strip("<>")
            name = f"{message.to[0]}|{message_id}|{uuid.uuid4().hex}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
        return len(email_messages)
