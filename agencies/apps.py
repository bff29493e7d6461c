from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = "Partnerships and agencies"

    def ready(self):
        from . import session_limits, signals  # noqa: F401 - session_limits connects its receivers

        signals.connect_review_records()
