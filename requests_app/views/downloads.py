"""The PDF downloads' response: the file first, the record of the download once it has been sent."""

import logging
from collections.abc import Callable

from django.http import HttpResponse

from ..services import pdf

logger = logging.getLogger(__name__)


class PdfDownload(HttpResponse):
    """A PDF attachment, private and never cached, whose download is recorded by `record` once the file has
    been sent. The record is a database write, and a write may wait for the database's write lock: on
    SQLite, behind a contact being logged, up to 0.1 s under `make loadtest`'s load. The person does not
    wait for it. The WSGI server calls `close()` after the last byte, and so does Django's test client.
    A record that fails is logged (the file has been sent by then)."""

    def __init__(self, content: bytes, *, ascii_name: str, name: str, record: Callable[[], object]):
        super().__init__(content, content_type="application/pdf")
        self["Content-Disposition"] = pdf.content_disposition(ascii_name=ascii_name, name=name)
        self["Cache-Control"] = "private, no-store"
        self._record = record

    def close(self):
        record, self._record = self._record, None
        try:
            if record is not None:
                record()
        except Exception:
            logger.exception("A PDF was sent, but its download could not be recorded")
        finally:
            super().close()
