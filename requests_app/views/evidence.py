"""Hardship evidence on the case: upload (owner), download (whoever may read the case), delete (owner).

Uploads have their own request-size rule, stated here rather than left to Django's defaults (which do
not count file parts at all: DATA_UPLOAD_MAX_MEMORY_SIZE covers only the other fields, and
FILE_UPLOAD_MAX_MEMORY_SIZE only decides memory or temporary file):
- a body over `UPLOAD_REQUEST_MAX_BYTES` is answered 413 before it is read;
- below that, a file part over services.evidence.MAX_FILE_BYTES stops being kept as soon as it passes the
  limit (the rest of the body is read and dropped) and the form says the file was too large.
The view parses the body itself (after the access check), so CSRF is checked by `csrf_protect` once the
upload handlers are in place, as Django's documentation describes for custom upload handlers.
"""

import html
import types

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParser
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ..forms.evidence import EvidenceUploadForm
from ..models import Case
from ..services.access import cases_editable_by, cases_for
from ..services.evidence import (
    MAX_FILE_BYTES,
    EvidenceRefused,
    EvidenceSection,
    evidence_delete,
    evidence_download_name,
    evidence_read,
    evidence_section,
    evidence_upload,
)

#: The largest upload request read at all: a 50 MB file still gets its message next to the field.
UPLOAD_REQUEST_MAX_BYTES = 64 * 1024 * 1024
NEXT_PAGES = ("case", "hardship", "evidence")


class _FileSizeLimit(FileUploadHandler):
    """Drops a file part once it passes `limit` bytes and notes it (`too_large`)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit, self.received, self.too_large = limit, 0, False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class _NameKeepingParser(MultiPartParser):
    """Django's parser, noting each file name as the browser sent it before cleaning it to a base name, so
    the service can refuse a name with folder separators or 500 characters instead of silently cutting it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw_names: list[str] = []

    def sanitize_file_name(self, file_name):
        self.raw_names.append(file_name)
        return super().sanitize_file_name(file_name)


def _prepare_upload(request) -> _FileSizeLimit:
    limit = _FileSizeLimit(request, MAX_FILE_BYTES)
    request.upload_handlers = [limit, MemoryFileUploadHandler(request), TemporaryFileUploadHandler(request)]
    request.raw_file_names = []

    def parse_file_upload(self, META, post_data):
        parser = _NameKeepingParser(META, post_data, self.upload_handlers, self.encoding)
        try:
            return parser.parse()
        finally:
            self.raw_file_names = parser.raw_names

    request.parse_file_upload = types.MethodType(parse_file_upload, request)
    return limit


def evidence_context(
    request, case: Case, *, section: EvidenceSection, next_page: str, form: EvidenceUploadForm | None = None
) -> dict:
    """The context of includes/evidence_section.html."""
    return {
        "is_owner": case.owner_id == request.user.pk,
        "evidence": section,
        "evidence_form": form or EvidenceUploadForm(case=case),
        "evidence_next": next_page,
    }


def _page(request, case: Case, form: EvidenceUploadForm | None = None, status: int = 200):
    section = evidence_section(case)
    context = {
        "case": case,
        **evidence_context(request, case, section=section, next_page="evidence", form=form),
    }
    return render(request, "requests_app/evidence.html", context, status=status)


def _next_url(case: Case, page: str) -> str:
    if page == "hardship":
        return reverse("requests_app:case_step", args=[case.public_id, "hardship"]) + "#evidence"
    if page == "evidence":
        return reverse("requests_app:case_evidence", args=[case.public_id])
    return case.get_absolute_url() + "#evidence"


@csrf_exempt  # checked by csrf_protect in _upload, once the upload handlers are set
@login_required
@require_http_methods(["GET", "POST"])
def case_evidence(request, public_id):
    """The case's documents on a page of their own (GET); an upload (POST, owner only)."""
    if request.method == "GET":
        case = get_object_or_404(cases_for(request.user), public_id=public_id)
        return _page(request, case)
    case = get_object_or_404(cases_editable_by(request.user), public_id=public_id)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > UPLOAD_REQUEST_MAX_BYTES:
        # The body is not read, so the form knows nothing of what was sent but the refusal.
        form = EvidenceUploadForm({}, {}, case=case)
        form.is_valid()
        form.errors.clear()
        _refuse(form, EvidenceRefused("evidence_too_large"))
        return _page(request, case, form, status=413)
    limit = _prepare_upload(request)
    return _upload(request, case=case, limit=limit)


def _refuse(form: EvidenceUploadForm, refused: EvidenceRefused) -> None:
    field = "item" if refused.code == "evidence_item_unknown" else "file"
    form.add_error(field, ValidationError(refused.message, code=refused.code))


# For a request-body limit in front of the view (a middleware's process_view): this view reads this much.
case_evidence.request_body_max_bytes = UPLOAD_REQUEST_MAX_BYTES


@csrf_protect
def _upload(request, *, case: Case, limit: _FileSizeLimit):
    form = EvidenceUploadForm(request.POST, request.FILES, case=case)
    page = request.POST.get("next")
    page = page if page in NEXT_PAGES else "evidence"
    valid = form.is_valid()
    if limit.too_large:
        form.errors.pop("file", None)  # "choose a file": the file was dropped, being too large
        _refuse(form, EvidenceRefused("evidence_too_large"))
    elif valid:
        upload = form.cleaned_data["upload"]
        raw_names = getattr(request, "raw_file_names", [])
        try:
            evidence_upload(
                case=case,
                item=form.cleaned_data["item"],
                data=upload.read(),
                raw_name=html.unescape(raw_names[0]) if raw_names else None,
                by=request.user,
            )
        except EvidenceRefused as refused:
            _refuse(form, refused)
        else:
            messages.success(request, _("The file is saved with your case."))
            return redirect(_next_url(case, page))
    return _page(request, case, form)


@login_required
def evidence_download(request, public_id, file_id):
    """The stored copy, as a download only, to whoever may read the case."""
    case = get_object_or_404(cases_for(request.user), public_id=public_id)
    evidence = get_object_or_404(case.evidence_files, public_id=file_id)
    response = HttpResponse(evidence_read(evidence=evidence), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="{evidence_download_name(evidence)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def evidence_remove(request, public_id, file_id):
    """Delete one file (owner only); it leaves storage with its row."""
    case = get_object_or_404(cases_editable_by(request.user), public_id=public_id)
    evidence = get_object_or_404(case.evidence_files, public_id=file_id)
    evidence_delete(evidence=evidence)
    messages.success(request, _("The file is deleted."))
    page = request.POST.get("next")
    return redirect(_next_url(case, page if page in NEXT_PAGES else "evidence"))
