from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_app"
    verbose_name = _("Deferral requests")

    def ready(self):
        # Connects the background jobs' signal receivers (PDFs rendered ahead when a plan changes).
        from .services import pdf  # noqa: F401
