"""Rendering the document: the standalone HTML (also served as the preview), the A4 PDF through WeasyPrint
with the static-only fetcher and the CJK font finisher, the PDF cache and the download's file names.
This package is the only place that imports WeasyPrint.

Rendered PDFs are cached (Django's cache) under a key made of the case, the language, the plan snapshot's
hash and a digest of everything the document shows (letter date and contact history included), so an
unchanged plan is rendered once. A letter that carries evidence is never cached: a copy of a deleted proof
must not outlive it in a shared cache.

Evidence appendix: the document lists the case's uploaded files; each image is drawn on its own page from
the evidence storage through the fetcher (only the URLs the renderer made from the case's own rows), and the
pages of each uploaded PDF (up to document.MAX_APPENDED_PDF_PAGES in all) are inserted with pypdf after their
caption page. Inserted pages keep their content and resources, without annotations or page actions (links,
form fields, scripts): the letter carries what the pages show, nothing that runs."""

import hashlib
import io
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from weasyprint.text.fonts import FontConfiguration

from ...models import Case, EvidenceFile
from ..evidence import evidence_read
from ..versions import latest_plan_version, plan_snapshot, snapshot_hash
from .document import PlanDocument, document_case, plan_document, resolve_language
from .fetcher import DOCUMENT_ORIGIN, StaticOnlyFetcher, static_file_for_url, static_url_prefix
from .fonts import compact_cjk_fonts, compact_fonts, thread_font_config
from .inputs import DocumentInputs, code_digest, document_inputs
from .store import ready_get, ready_put, stored_pdf_get, stored_pdf_put

TEMPLATE = "requests_app/pdf/plan.html"
STYLESHEET = "css/pdf.css"
PREVIEW_TEMPLATE = "requests_app/pdf/plan_preview.html"
CACHE_TIMEOUT = 60 * 60 * 24


# WeasyPrint reports each rendering step at INFO; one line per step and PDF is noise in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def plan_context(*, case: Case, document: PlanDocument) -> dict:
    """The template context of the document (the PDF and its HTML preview)."""
    return {"doc": document, "case": case}


def render_plan_html(*, case: Case, language: str | None = None, document: PlanDocument | None = None) -> str:
    """The standalone HTML that WeasyPrint turns into the PDF."""
    document = document or plan_document(case=case, language=language)
    with translation.override(document.language):
        return render_to_string(TEMPLATE, plan_context(case=case, document=document))


def render_plan_pdf(
    *,
    case: Case,
    language: str | None = None,
    document: PlanDocument | None = None,
    fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """The letter and plan as A4 PDF bytes, with the evidence appendix. Loads nothing but the app's own
    static files and the case's own evidence: `fetcher` (a fresh StaticOnlyFetcher with the case's
    attachments by default) records what the document asked for."""
    document = document or plan_document(case=case, language=language)
    html = render_plan_html(case=case, document=document)
    files = {f.public_id.hex: f for f in case.evidence_files.all()} if document.evidence else {}
    if fetcher is None:
        fetcher = StaticOnlyFetcher(attachments=_attachments(document, files))
    rendered = _render(html=html, fetcher=fetcher)
    with compact_fonts():
        pdf = rendered.write_pdf(finisher=compact_cjk_fonts)
    inserts = [
        (_page_holding(rendered, entry.anchor), files[entry.file_id], entry.appended_pages)
        for entry in document.evidence
        if entry.appended_pages and entry.file_id in files
    ]
    return _with_pdf_pages(pdf, inserts) if inserts else pdf


def html_to_pdf(*, html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Any of the app's documents (standalone HTML using css/pdf.css) as A4 PDF bytes, with the same
    sandbox, fonts and finisher as the plan: loads nothing but the app's own static files (`fetcher`, a
    fresh StaticOnlyFetcher by default, records what was asked for)."""
    rendered = _render(html=html, fetcher=fetcher or StaticOnlyFetcher())
    with compact_fonts():
        return rendered.write_pdf(finisher=compact_cjk_fonts)


def _render(*, html: str, fetcher: StaticOnlyFetcher):
    """The laid-out WeasyPrint document (its pages know where each element with an id landed)."""
    font_config = thread_font_config()
    return weasyprint.HTML(string=html, base_url=DOCUMENT_ORIGIN + "/", url_fetcher=fetcher).render(
        stylesheets=[_stylesheet(font_config)], font_config=font_config
    )


def _attachments(document: PlanDocument, files: dict[str, EvidenceFile]) -> dict:
    """The fetcher's attachment URLs for the images the document shows, each read from storage on demand."""

    def reader(evidence: EvidenceFile):
        return lambda: (evidence_read(evidence=evidence), evidence.content_type)

    return {
        entry.url: reader(files[entry.file_id])
        for entry in document.evidence
        if entry.is_image and entry.file_id in files
    }


def _page_holding(rendered, anchor: str) -> int:
    for index, page in enumerate(rendered.pages):
        if anchor in page.anchors:
            return index
    raise LookupError(anchor)


def _with_pdf_pages(pdf: bytes, inserts: list[tuple[int, EvidenceFile, int]]) -> bytes:
    """`pdf` with, after page index `after` of each insert, the first `count` pages of the evidence PDF."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for after, evidence, count in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        reader = PdfReader(io.BytesIO(evidence_read(evidence=evidence)), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        for offset, page in enumerate(reader.pages[:count]):
            added = writer.insert_page(page, after + 1 + offset)
            for key in ("/Annots", "/AA"):
                if key in added:
                    del added[key]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# The parsed stylesheet is reused between renders, per thread (as the font configuration is).
_per_thread = threading.local()


def _stylesheet(font_config: FontConfiguration) -> weasyprint.CSS:
    """pdf.css, fetched through StaticOnlyFetcher and parsed once per thread (again when the file changes)."""
    url = DOCUMENT_ORIGIN + static_url_prefix() + STYLESHEET
    stamp = static_file_for_url(url).stat().st_mtime_ns
    cached = getattr(_per_thread, "stylesheet", None)
    if cached is None or cached[0] != stamp:
        css = weasyprint.CSS(url=url, url_fetcher=StaticOnlyFetcher(), font_config=font_config)
        cached = _per_thread.stylesheet = (stamp, css)
    return cached[1]


# --- Cache and file name -------------------------------------------------------------------------------------


def plan_pdf_cache_key(*, case: Case, document: PlanDocument, plan_hash: str | None = None) -> str:
    """(case, language, plan snapshot hash, digest of what the document shows, layout) as a cache key.
    `plan_hash` is the case's `snapshot_hash(plan_snapshot(case))` when already known."""
    plan_hash = plan_hash or snapshot_hash(plan_snapshot(case))
    shown = hashlib.sha256(repr(document).encode("utf-8")).hexdigest()
    # The code and layout digest too: a new release words the same figures anew (templates' own strings).
    return f"plan-pdf:{case.public_id.hex}:{document.language}:{plan_hash[:24]}:{shown[:24]}:{code_digest()}"


@dataclass(frozen=True)
class PlanPdf:
    """A case's PDF for a download: `render_ms` is how long it took to render now, None when it was served
    from the store (rendered ahead by the worker, or by an earlier download). `plan_version_id` is the
    plan version the case's current plan is recorded as, when the latest version holds it (None when the
    plan changed since, or the letter was not stored). `waited_ms`: how long the download waited for the
    worker's render of it (`ahead.plan_pdf_download`), None when it did not wait."""

    pdf: bytes
    render_ms: float | None
    plan_version_id: int | None = None
    waited_ms: float | None = None


def _storable(document: PlanDocument) -> bool:
    """A letter with copies of uploaded proofs is never kept beyond the request: deleting a proof must
    leave no copy behind."""
    return not document.evidence


def _render_timed(*, case: Case, document: PlanDocument) -> tuple[bytes, float]:
    started = time.perf_counter()
    pdf = render_plan_pdf(case=case, document=document)
    return pdf, (time.perf_counter() - started) * 1000


def _inputs(case: Case, language: str) -> DocumentInputs:
    return document_inputs(
        case_id=case.pk, owner_id=case.owner_id, language=language, today=timezone.localdate()
    )


def _ready(case: Case, language: str, inputs: DocumentInputs) -> PlanPdf | None:
    """The stored PDF noted as made from `inputs` (nothing the document is made from changed since), or None."""
    note = ready_get(case_hex=case.public_id.hex, language=language)
    if note is None or note.get("inputs") != inputs.digest:
        return None
    pdf = stored_pdf_get(key=note["key"])
    return None if pdf is None else PlanPdf(pdf, None, note.get("plan_version"))


def _stored_or_rendered(
    *, case: Case, language: str, inputs: DocumentInputs, render_unstorable: bool
) -> PlanPdf | None:
    """Build the case's document and take its PDF from the store, else render it (and store it, unless it
    carries evidence); note it as made from `inputs` when nothing was written meanwhile. None for a letter
    with evidence when `render_unstorable` is False. Raises Case.DoesNotExist when the case was deleted."""
    full = document_case(case.pk)
    if full is None:
        raise Case.DoesNotExist(case.pk)
    document = plan_document(case=full, language=language)
    if not _storable(document):
        return PlanPdf(*_render_timed(case=full, document=document)) if render_unstorable else None
    plan_hash = snapshot_hash(plan_snapshot(full))
    key = plan_pdf_cache_key(case=full, document=document, plan_hash=plan_hash)
    render_ms = None
    pdf = stored_pdf_get(key=key)
    if pdf is None:
        pdf, render_ms = _render_timed(case=full, document=document)
        if not Case.objects.filter(pk=case.pk).exists():  # deleted while it rendered: keep no copy
            raise Case.DoesNotExist(case.pk)
        stored_pdf_put(key=key, pdf=pdf)
    latest = latest_plan_version(full)
    version_id = latest.pk if latest is not None and latest.content_hash == plan_hash else None
    if _inputs(case, language) != inputs:  # written meanwhile: this PDF may be of either state
        return PlanPdf(pdf, render_ms)
    ready_put(
        case_hex=case.public_id.hex,
        language=language,
        note={"inputs": inputs.digest, "key": key, "plan_version": version_id},
    )
    return PlanPdf(pdf, render_ms, version_id)


def plan_pdf_ready(*, case: Case, language: str) -> tuple[DocumentInputs, PlanPdf | None]:
    """What the case's PDF in `language` is made from now, and the stored PDF made from just that (rendered
    ahead, nothing changed since), or None. Reads the inputs (`inputs.document_inputs`) and the store:
    the document is not built, so any fetch of `case` will do."""
    inputs = _inputs(case, language)
    return inputs, _ready(case, language, inputs)


def plan_pdf_make(*, case: Case, language: str, inputs: DocumentInputs) -> PlanPdf:
    """The case's PDF when none is ready for `inputs`: the document is built (the case read again with
    everything it needs) and its PDF taken from the store or rendered now, and stored for the next time
    (unless it carries evidence). Raises Case.DoesNotExist when the case was deleted meanwhile."""
    return _stored_or_rendered(case=case, language=language, inputs=inputs, render_unstorable=True)


def plan_pdf_get(*, case: Case, language: str | None = None) -> PlanPdf:
    """The case's current PDF in `language` (default: its letter language): the stored file at once when
    nothing it is made from changed since it was stored (`plan_pdf_ready`), else made now
    (`plan_pdf_make`). Raises Case.DoesNotExist when the case was deleted meanwhile."""
    language = resolve_language(case, language)
    inputs, ready = plan_pdf_ready(case=case, language=language)
    if ready is not None:
        return ready
    return plan_pdf_make(case=case, language=language, inputs=inputs)


def cached_plan_pdf(*, case: Case, language: str | None = None) -> bytes:
    """The case's PDF: stored, or rendered now (see `plan_pdf_get`)."""
    return plan_pdf_get(case=case, language=language).pdf


def plan_pdf_store_ahead(*, case: Case) -> bool:
    """Render and store the case's current PDF (in its letter language) unless it is stored already or
    carries evidence, which is never stored (rendering it ahead would be wasted); True when it rendered."""
    language = resolve_language(case, None)
    inputs = _inputs(case, language)
    if _ready(case, language, inputs) is not None:
        return False
    try:
        made = _stored_or_rendered(case=case, language=language, inputs=inputs, render_unstorable=False)
    except Case.DoesNotExist:  # deleted meanwhile: nothing to render
        return False
    return made is not None and made.render_ms is not None


def plan_pdf_is_stored(*, case: Case, language: str | None = None) -> bool:
    """Whether the PDF of the case's current document is ready (a download would not render)."""
    language = resolve_language(case, language)
    if _ready(case, language, _inputs(case, language)) is not None:
        return True
    document = plan_document(case=document_case(case.pk), language=language)
    return stored_pdf_get(key=plan_pdf_cache_key(case=case, document=document)) is not None


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def plan_pdf_filename(*, case: Case, language: str | None = None) -> tuple[str, str]:
    """(ASCII file name, file name in the language) for the download, e.g.
    ("deferral-plan-huabei-2026-12-10.pdf", "延期还款计划-花呗-2026-12-10.pdf"); in English both are the
    ASCII name. The date is the due date (today when unknown)."""
    language = resolve_language(case, language)
    day = (case.due_date or timezone.localdate()).isoformat()
    slug = _UNSAFE.sub("-", unicodedata.normalize("NFKD", case.lender.slug if case.lender else "")).strip("-")
    ascii_name = "-".join(part for part in ("deferral-plan", slug.lower(), day) if part) + ".pdf"
    if language == Case.Language.EN:
        return ascii_name, ascii_name
    with translation.override(language):
        lender = case.lender.name if case.lender else ""
        local = "-".join(part for part in (_("deferral-plan"), lender, day) if part)
    local = re.sub(r'[\\/:*?"<>|\s]+', "-", local) + ".pdf"
    return ascii_name, local


def content_disposition(*, ascii_name: str, name: str) -> str:
    """`attachment` with an ASCII `filename` and, when it differs, an RFC 5987 `filename*`."""
    header = f'attachment; filename="{ascii_name}"'
    if name != ascii_name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
