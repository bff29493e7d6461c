from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plans"

    def ready(self):
        from . import signals  # noqa: F401 - connects the many-to-many guards
        from .dashboards import cache  # noqa: F401 - connects what renews the dashboards' figures
