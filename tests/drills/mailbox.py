"""An e-mail backend for the drill: each message takes a moment to send, like a real mail server, then
lands in its own file, so the drill can count every message that left, by its Message-ID."""

import time

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(settings.DRILL_MAIL_DELAY_SECONDS * len(email_messages))
        return super().send_messages(email_messages)
