from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self):
        from . import signals  # noqa: F401 - connects the many-to-many guards and the stored clock
