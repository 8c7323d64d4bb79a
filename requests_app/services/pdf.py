"""The printable letter and plan: one template (`requests_app/pdf/plan.html`, shown in the browser as the
preview), rendered to an A4 PDF by WeasyPrint. This is the only module that imports WeasyPrint.

Fonts come from fontconfig (Noto Sans CJK, package fonts-noto-cjk) and are embedded as subsets made by
HarfBuzz (libharfbuzz-subset0; without it WeasyPrint falls back to fontTools and a Chinese page takes
seconds — see `harfbuzz_subsetting_available`). `compact_cjk_fonts` then cuts each CJK font down to the
glyphs used (WeasyPrint keeps every glyph id below the highest one used: ~160 KB a weight for Chinese text),
which brings the two-page Chinese plan from over 200 KB to about 60 KB.

Fetching: `StaticOnlyFetcher` serves the app's own static files (found through the staticfiles finders,
else in STATIC_ROOT) for URLs under STATIC_URL on the document's private origin, and refuses everything
else — other hosts, http(s) anywhere, file:, and data: too (the document never needs them; refusing them
keeps a user-supplied URL from embedding anything at all). Every URL asked for is kept in `.requested`,
so tests can check what a rendering tried to load. User text reaches the template only through Django's
autoescaping, so HTML in a narrative prints as text.

Rendered PDFs are cached (Django's cache) under a key made of the case, the language, the plan snapshot's
hash and a digest of everything the document shows (letter date and contact history included), so an
unchanged plan is rendered once.
"""

import datetime as dt
import functools
import hashlib
import io
import logging
import mimetypes
import posixpath
import re
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import cffi
import pydyf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fontTools.cffLib import CFFFontSet
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from ..models import Case
from .charts import ScheduleChart, schedule_chart
from .contacts import contacts_in_effect
from .finances import amount_to_repay, case_monthly_capacity
from .formatting import day_count, long_date, money
from .schedule import case_schedule, deferral_end
from .scripts import LANGUAGES, letter_text
from .versions import latest_plan_version, plan_snapshot, snapshot_hash

TEMPLATE = "requests_app/pdf/plan.html"
STYLESHEET = "css/pdf.css"
PREVIEW_TEMPLATE = "requests_app/pdf/plan_preview.html"
#: The document's own origin: `.invalid` never resolves, so nothing can be fetched from it by accident.
DOCUMENT_ORIGIN = "https://deferral-desk.invalid"
CACHE_TIMEOUT = 60 * 60 * 24
CONTACTS_SHOWN = 5

# WeasyPrint reports each rendering step at INFO; one line per step and PDF is noise in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


# --- Fetching ------------------------------------------------------------------------------------------------


class RefusedURL(ValueError):
    """A URL the document may not load."""


class StaticOnlyFetcher(weasyprint.URLFetcher):
    """Serves `DOCUMENT_ORIGIN + STATIC_URL + path` from the app's static files; refuses everything else.
    `requested` lists every URL asked for, in order; `refused` those it would not serve."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            path = static_file_for_url(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_url_prefix() -> str:
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    return prefix


def static_file_for_url(url: str) -> Path:
    """The static file `url` names, or RefusedURL: only https on DOCUMENT_ORIGIN, only under STATIC_URL,
    no traversal (`..`, encoded or not), no query, only files the staticfiles finders or STATIC_ROOT hold."""
    parts = urlsplit(url)
    origin = urlsplit(DOCUMENT_ORIGIN)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc) or parts.query or parts.username:
        raise RefusedURL(url)
    path = unquote(parts.path)
    prefix = static_url_prefix()
    if not path.startswith(prefix) or "\\" in path or "\x00" in path:
        raise RefusedURL(url)
    relative = path[len(prefix) :]
    segments = relative.split("/")
    if not relative or any(segment in ("", ".", "..") for segment in segments):
        raise RefusedURL(url)
    relative = posixpath.normpath(relative)
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as exc:
        raise RefusedURL(url) from exc
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise RefusedURL(url)


# --- Fonts ---------------------------------------------------------------------------------------------------


def harfbuzz_subsetting_available() -> bool:
    """True when WeasyPrint will subset fonts with HarfBuzz (libharfbuzz-subset ≥ 4.1.0), not fontTools."""
    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


# WeasyPrint subsets with HarfBuzz but keeps every glyph id below the highest one used, because its text
# streams use the font's glyph ids. Noto Sans CJK has 65,535 glyphs and common hanzi sit near the top, so
# each embedded weight keeps ~63,000 (empty) glyphs: ~160 KB compressed for a page of Chinese. The
# finisher below (WeasyPrint's documented post-processing hook) re-subsets those fonts with HarfBuzz down
# to the glyphs used and embeds the bare CID-keyed CFF (FontFile3 /CIDFontType0C, the classic embedding
# of CJK fonts): there the charset maps each CID, i.e. each glyph id in the text, to its glyph, so the
# text streams stay valid. It only does so when the result's charset holds every CID the text uses;
# otherwise the font is left as WeasyPrint made it.

_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode, void *user_data, void *destroy);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_table(const hb_face_t *face, hb_tag_t tag);
unsigned int hb_face_get_glyph_count(const hb_face_t *face);
hb_tag_t hb_tag_from_string(const char *str, int len);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""
_HB_MEMORY_MODE_DUPLICATE = 0
_HB_SUBSET_FLAGS = 0x1 | 0x4 | 0x200  # NO_HINTING | DESUBROUTINIZE | NO_LAYOUT_CLOSURE


@functools.cache
def _harfbuzz():
    """(ffi, libharfbuzz, libharfbuzz-subset), or None when they cannot be loaded."""
    ffi = cffi.FFI()
    ffi.cdef(_HB_CDEF)
    try:
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except OSError:
        return None


def _cff_subset(font_file: bytes, cids: set[int]) -> bytes | None:
    """The CFF table of `font_file` (an OpenType CFF font) cut down to the glyphs `cids`, CIDs kept in its
    charset; None when it is not CID-keyed or its charset would not hold every one of `cids`."""
    loaded = _harfbuzz()
    if loaded is None:
        return None
    ffi, hb, hb_subset = loaded
    blob = hb.hb_blob_create(font_file, len(font_file), _HB_MEMORY_MODE_DUPLICATE, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)
    try:
        count = hb.hb_face_get_glyph_count(face)
        keep = sorted({0, *(cid for cid in cids if cid < count)})
        subset_input = hb_subset.hb_subset_input_create_or_fail()
        if subset_input == ffi.NULL:
            return None
        try:
            glyphs = hb_subset.hb_subset_input_glyph_set(subset_input)
            for glyph in keep:
                hb.hb_set_add(glyphs, glyph)
            hb_subset.hb_subset_input_set_flags(subset_input, _HB_SUBSET_FLAGS)
            subset = hb_subset.hb_subset_or_fail(face, subset_input)
        finally:
            hb_subset.hb_subset_input_destroy(subset_input)
        if subset == ffi.NULL:
            return None
        try:
            table = hb.hb_face_reference_table(subset, hb.hb_tag_from_string(b"CFF ", 4))
            length = ffi.new("unsigned int *")
            data = hb.hb_blob_get_data(table, length)
            cff = bytes(ffi.buffer(data, length[0])) if length[0] else b""
            hb.hb_blob_destroy(table)
        finally:
            hb.hb_face_destroy(subset)
    finally:
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
    return cff if cff and _charset_holds(cff, keep) else None


def _charset_holds(cff: bytes, cids: list[int]) -> bool:
    """True when `cff` is CID-keyed and its charset has each of `cids`, in increasing glyph order."""
    try:
        font_set = CFFFontSet()
        font_set.decompile(io.BytesIO(cff), None)
        top = font_set.topDictIndex[0]
        if not hasattr(top, "ROS"):
            return False
        held = [0 if name == ".notdef" else int(name.removeprefix("cid")) for name in top.charset]
    except Exception:  # a malformed table is simply not used
        return False
    return held == sorted(held) and set(cids) <= set(held)


def _object(pdf: pydyf.PDF, reference):
    if isinstance(reference, bytes):
        reference = reference.decode()
    return pdf.objects[int(str(reference).split()[0])]


def _cids_in_widths(widths) -> set[int]:
    """The CIDs a /W array gives widths for: [first [w1 w2 …] first [w1 …] …]."""
    cids = set()
    for first, run in zip(widths[::2], widths[1::2], strict=False):
        cids.update(range(first, first + len(run)))
    return cids


def compact_cjk_fonts(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: embed each CFF-based font as a bare CID-keyed CFF holding only the glyphs used
    (see the comment above); fonts it cannot safely cut down are left as they are."""
    users: dict[int, list] = {}
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/CIDFontType0":
            descriptor = _object(pdf, obj["FontDescriptor"])
            if "FontFile3" in descriptor:
                stream = _object(pdf, descriptor["FontFile3"])
                users.setdefault(id(stream), [stream]).append(obj)
    for stream, *fonts in users.values():
        if stream.extra.get("Subtype") != "/OpenType":
            continue
        cids = set().union(*(_cids_in_widths(font.get("W", ())) for font in fonts))
        cff = _cff_subset(b"".join(stream.stream), cids)
        if cff is None:
            continue
        stream.stream = [cff]
        stream.extra["Subtype"] = "/CIDFontType0C"
        for font in fonts:
            font.pop("CIDToGIDMap", None)  # only meaningful for CIDFontType2


# --- The document --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    number: int
    due_on: str
    amount: str
    remaining: str
    over_capacity: bool


@dataclass(frozen=True)
class ContactRow:
    date: str
    channel: str
    agent_id: str
    ticket_number: str
    outcome: str
    plan_version: str


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class PlanDocument:
    """Everything the letter and plan show, formatted in `language`. Its repr is the cache fingerprint."""

    language: str
    title: str
    letter_date: str
    lender_name: str
    lender_provider: str
    applicant: str
    account_hint: str
    salutation: str
    paragraphs: tuple[str, ...]
    figures: tuple[Figure, ...]
    rows: tuple[PlanRow, ...]
    total: str
    payoff_date: str
    capacity: str
    chart: ScheduleChart | None
    contacts: tuple[ContactRow, ...]
    plan_version: str

    @property
    def figure_rows(self) -> tuple[tuple[Figure, ...], ...]:
        """The figures two to a row, as the plan's summary table shows them."""
        return tuple(self.figures[i : i + 2] for i in range(0, len(self.figures), 2))


def applicant_name(*, case: Case, language: str) -> str:
    """The borrower's name as a letter signs it: family name first in Chinese, else the user name."""
    return _applicant(case, language)


def _applicant(case: Case, language: str) -> str:
    owner = case.owner
    first, last = (owner.first_name or "").strip(), (owner.last_name or "").strip()
    if first or last:
        if language == Case.Language.EN and not _CJK.search(first + last):
            return " ".join(part for part in (first, last) if part)
        return f"{last}{first}"
    return owner.get_username()


def _figures(case: Case, schedule) -> tuple[Figure, ...]:
    figures = []

    def add(label, value):
        if value not in (None, ""):
            figures.append(Figure(label=str(label), value=str(value)))

    add(_("Amount due"), money(case.amount_due) if case.amount_due is not None else "")
    add(_("Due date"), long_date(case.due_date) if case.due_date else "")
    add(_("Repayment mode"), case.get_repayment_mode_display() if case.repayment_mode else "")
    if case.repayment_mode == Case.RepaymentMode.INSTALLMENTS and case.installments_total:
        add(
            _("Installments"),
            _("%(remaining)s of %(total)s periods left, %(amount)s each")
            % {
                "remaining": case.installments_remaining if case.installments_remaining is not None else "?",
                "total": case.installments_total,
                "amount": money(case.installment_amount) if case.installment_amount is not None else "?",
            },
        )
    end = deferral_end(case)
    if case.requested_deferral_days and end:
        add(
            _("Deferral requested"),
            _("%(days)s, until %(date)s")
            % {"days": day_count(case.requested_deferral_days), "date": long_date(end)},
        )
    to_repay = amount_to_repay(case)
    if to_repay is not None and case.amount_due is not None and to_repay != case.amount_due:
        add(_("To repay, with estimated deferral charges"), money(to_repay))
    add(_("Cause of the hardship"), case.get_hardship_category_display() if case.hardship_category else "")
    add(_("Monthly income"), money(case.monthly_income) if case.monthly_income is not None else "")
    add(
        _("Essential monthly expenses"),
        money(case.essential_expenses) if case.essential_expenses is not None else "",
    )
    add(
        _("Other monthly debt payments"),
        money(case.other_debt_payments) if case.other_debt_payments is not None else "",
    )
    capacity = case_monthly_capacity(case)
    add(_("Left each month to repay"), money(capacity) if capacity is not None else "")
    if schedule.payments:
        add(_("First payment"), long_date(schedule.first_date))
        add(_("Paid off by"), long_date(schedule.payoff_date))
    return tuple(figures)


def _rows(schedule, capacity: Decimal | None) -> tuple[PlanRow, ...]:
    remaining = schedule.total
    rows = []
    for number, payment in enumerate(schedule.payments, start=1):
        remaining -= payment.amount
        rows.append(
            PlanRow(
                number=number,
                due_on=long_date(payment.due_on),
                amount=money(payment.amount),
                remaining=money(remaining),
                over_capacity=capacity is not None and payment.amount > capacity,
            )
        )
    return tuple(rows)


def _contacts(case: Case) -> tuple[ContactRow, ...]:
    versions = {version.pk: version.number for version in case.plan_versions.all()}
    rows = []
    for contact in contacts_in_effect(case.contacts.all())[:CONTACTS_SHOWN]:
        number = versions.get(contact.plan_version_id)
        rows.append(
            ContactRow(
                date=long_date(timezone.localdate(contact.occurred_at)),
                channel=str(contact.get_channel_display()),
                agent_id=contact.agent_id,
                ticket_number=contact.ticket_number,
                outcome=str(contact.get_outcome_display()),
                plan_version=_("v%(number)s") % {"number": number} if number else "",
            )
        )
    return tuple(rows)


def resolve_language(case: Case, language: str | None) -> str:
    """`language` if it is one of the letter languages, else the case's letter language."""
    if language in LANGUAGES:
        return language
    return case.letter_language if case.letter_language in LANGUAGES else Case.Language.ZH_HANS


def plan_document(*, case: Case, language: str | None = None, today: dt.date | None = None) -> PlanDocument:
    """What the letter and plan show for `case` in `language` (default: its letter language), formatted.
    Reads the case's lender, payments, contacts and plan versions (prefetch them)."""
    language = resolve_language(case, language)
    today = today or timezone.localdate()
    with translation.override(language):
        schedule = case_schedule(case)
        capacity = case_monthly_capacity(case)
        letter = letter_text(case=case, language=language, today=today)
        version = latest_plan_version(case)
        return PlanDocument(
            language=language,
            title=_("Request to defer repayment"),
            letter_date=long_date(today),
            lender_name=case.lender.name if case.lender else "",
            lender_provider=case.lender.provider if case.lender else "",
            applicant=_applicant(case, language),
            account_hint=case.account_hint,
            salutation=letter.salutation,
            paragraphs=letter.paragraphs,
            figures=_figures(case, schedule),
            rows=_rows(schedule, capacity),
            total=money(schedule.total),
            payoff_date=long_date(schedule.payoff_date) if schedule.payoff_date else "",
            capacity=money(capacity) if capacity is not None and capacity > 0 else "",
            chart=schedule_chart(schedule=schedule, capacity=capacity),
            contacts=_contacts(case),
            plan_version=_("Plan version %(number)s") % {"number": version.number} if version else "",
        )


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
    """The letter and plan as A4 PDF bytes. Loads nothing but the app's own static files: `fetcher` (a fresh
    StaticOnlyFetcher by default) records what the document asked for."""
    html = render_plan_html(case=case, language=language, document=document)
    return html_to_pdf(html=html, fetcher=fetcher)


def html_to_pdf(*, html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Any of the app's documents (standalone HTML) as A4 PDF bytes, with pdf.css, the compacted fonts and
    the same fetching rule: nothing but the app's own static files (`fetcher` records what was asked)."""
    font_config = _font_config()
    html_document = weasyprint.HTML(
        string=html, base_url=DOCUMENT_ORIGIN + "/", url_fetcher=fetcher or StaticOnlyFetcher()
    )
    return html_document.write_pdf(
        stylesheets=[_stylesheet(font_config)], font_config=font_config, finisher=compact_cjk_fonts
    )


# A FontConfiguration and the parsed stylesheet are reused between renders (about 25 ms of ~130 ms); Pango
# font maps are not thread-safe, so each thread has its own.
_per_thread = threading.local()


def _font_config() -> FontConfiguration:
    font_config = getattr(_per_thread, "font_config", None)
    if font_config is None:
        font_config = _per_thread.font_config = FontConfiguration()
    return font_config


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


def _layout_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        *sorted((base / "templates" / "requests_app" / "pdf").glob("*.html")),
        base / "static" / STYLESHEET,
    ]


@functools.lru_cache(maxsize=8)
def _digest_of(stamps: tuple) -> str:
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path, _stamp in stamps:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def _layout_digest() -> str:
    """A digest of the PDF templates and stylesheet, so a changed layout never serves an old PDF."""
    return _digest_of(
        tuple((str(path), path.stat().st_mtime_ns) for path in _layout_files() if path.is_file())
    )


def plan_pdf_cache_key(*, case: Case, document: PlanDocument) -> str:
    """(case, language, plan snapshot hash, digest of what the document shows, layout) as a cache key."""
    plan_hash = snapshot_hash(plan_snapshot(case))
    shown = hashlib.sha256(repr(document).encode("utf-8")).hexdigest()
    return (
        f"plan-pdf:{case.public_id.hex}:{document.language}:{plan_hash[:24]}:{shown[:24]}:{_layout_digest()}"
    )


def cached_plan_pdf(*, case: Case, language: str | None = None) -> bytes:
    """`render_plan_pdf`, rendered once per unchanged plan and language and kept in Django's cache."""
    document = plan_document(case=case, language=language)
    key = plan_pdf_cache_key(case=case, document=document)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_plan_pdf(case=case, document=document)
        cache.set(key, pdf, CACHE_TIMEOUT)
    return pdf


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
