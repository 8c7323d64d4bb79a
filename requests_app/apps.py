from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_app"
    verbose_name = _("Deferral requests")

    def ready(self):
        # Connects the background jobs' signal receivers (PDFs rendered ahead when a plan changes).
        # Connects the handler that removes an evidence file from storage when its row is deleted.
        from .services import (
            evidence,  # noqa: F401
            pdf,
        )

        # The digest of the code the PDFs are worded by, read now, while the code this process runs is
        # the code on disk (a release replaced under a running process must not lend it its digest).
        pdf.inputs.code_digest()  # reads the release digest once, now
