"""Settings of the reminder fault drill: the test settings, with e-mail written to files slowly enough
that a worker can be killed while it is sending."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.drills.mailbox.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["PRT_DRILL_MAIL_DIR"]
DRILL_MAIL_DELAY_SECONDS = float(os.environ.get("PRT_DRILL_MAIL_DELAY_SECONDS", "0.05"))
