"""Letters as HTML and PDF (through services.pdf.html_to_pdf), their file names, and the record of each download."""

import re
import unicodedata

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ...models import Case, LetterDownload, LetterType
from ..pdf import StaticOnlyFetcher, html_to_pdf
from ..versions import plan_version_record
from .base import LETTER_TYPES, UNSAFE_FILENAME, LetterDocument, UnknownLetterType, resolve_language

# --- The history of downloads --------------------------------------------------------------------------------


def letter_download_record(
    *, case: Case, letter_type: str, language: str, by, plan_version_id: int | None = None
) -> LetterDownload:
    """Record that `by` downloaded `letter_type` in `language`, with the plan version it carries (the
    current plan, recorded as a version first when it changed). `plan_version_id`, when given, is the
    version known to hold the current plan (services.pdf.PlanPdf.plan_version_id: nothing the letter is
    made from changed since it was checked), so the plan is not read again. Raises UnknownLetterType."""
    if letter_type not in LETTER_TYPES:
        raise UnknownLetterType(letter_type)
    with transaction.atomic():
        if plan_version_id is None:
            plan_version_record(case=case, by=by)
            latest = case.plan_versions.model.objects.filter(case_id=case.pk).order_by("-number").first()
            plan_version_id = latest.pk if latest is not None else None
        download = LetterDownload(
            case=case,
            letter_type=letter_type,
            language=resolve_language(case, language),
            plan_version_id=plan_version_id,
            downloaded_by=by,
        )
        download.full_clean(exclude=["downloaded_by", "plan_version"])
        download.save()
    return download


# --- Rendering -----------------------------------------------------------------------------------------------

LETTER_TEMPLATE = "requests_app/pdf/letter.html"
LETTER_PREVIEW_TEMPLATE = "requests_app/pdf/letter_preview.html"


def render_letter_html(*, document: LetterDocument) -> str:
    """The standalone HTML of a letter that WeasyPrint turns into the PDF (the preview shows the same
    article inside the site's page)."""
    with translation.override(document.language):
        return render_to_string(LETTER_TEMPLATE, {"doc": document})


def render_letter_pdf(*, document: LetterDocument, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """A letter as A4 PDF bytes, through the same engine and fetching rule as the plan letter."""
    return html_to_pdf(html=render_letter_html(document=document), fetcher=fetcher)


def letter_pdf_filename(*, case: Case, letter_type: str, language: str) -> tuple[str, str]:
    """(ASCII file name, file name in the language), e.g. ("complaint-huabei-2026-12-01.pdf",
    "投诉信-花呗-2026-12-01.pdf"). The date is today's."""
    day = timezone.localdate().isoformat()
    slug = UNSAFE_FILENAME.sub(
        "-", unicodedata.normalize("NFKD", case.lender.slug if case.lender else "")
    ).strip("-")
    ascii_name = (
        "-".join(part for part in (letter_type.replace("_", "-"), slug.lower(), day) if part) + ".pdf"
    )
    if language == Case.Language.EN:
        return ascii_name, ascii_name
    with translation.override(language):
        lender = case.lender.name if case.lender else ""
        local = "-".join(part for part in (str(LetterType(letter_type).label), lender, day) if part)
    local = re.sub(r'[\\/:*?"<>|\s]+', "-", local) + ".pdf"
    return ascii_name, local
