"""The printable letter and plan: one template (`requests_app/pdf/plan.html`, shown in the browser as the
preview), rendered to an A4 PDF by WeasyPrint. This is the only module that imports WeasyPrint.

Fonts come from fontconfig (Noto Sans CJK, package fonts-noto-cjk) and are embedded as subsets made by
HarfBuzz (libharfbuzz-subset0; without it WeasyPrint falls back to fontTools and a Chinese page takes
seconds — see `harfbuzz_subsetting_available`). Each CJK font is cut down to the glyphs used (WeasyPrint keeps
every glyph id below the highest one used: ~160 KB a weight for Chinese text), which brings the two-page
Chinese plan from over 200 KB to about 60 KB: in one HarfBuzz pass from the full font inside
`fonts.compact_fonts()`, else by `compact_cjk_fonts` after WeasyPrint's own subsetting (the same bytes).

Fetching: `StaticOnlyFetcher` serves the app's own static files (found through the staticfiles finders,
else in STATIC_ROOT) for URLs under STATIC_URL on the document's private origin, and refuses everything
else — other hosts, http(s) anywhere, file:, and data: too (the document never needs them; refusing them
keeps a user-supplied URL from embedding anything at all). Every URL asked for is kept in `.requested`,
so tests can check what a rendering tried to load. User text reaches the template only through Django's
autoescaping, so HTML in a narrative prints as text.

Rendered PDFs are stored (`store`: the shared cache when there is one, else the file storage) under a key
made of the case, the language, the plan snapshot's hash and a digest of everything the document shows
(letter date and contact history included), so an unchanged plan is rendered once; `ahead` renders them in
the background as soon as a plan version is recorded or a contact logged.

The package is split by job: `fetcher` (the URL sandbox), `fonts` (HarfBuzz subsetting and the CJK font
finisher), `document` (what the letter and plan show: `PlanDocument`, `plan_document`) and `render` (HTML,
PDF, cache and file names). Everything public is re-exported here, so `from requests_app.services import
pdf` and `pdf.render_plan_pdf(...)` keep working.
"""

from . import inputs, store
from .ahead import plan_pdf_download, plan_pdf_render_ahead
from .document import (
    CONTACTS_SHOWN,
    ContactRow,
    Figure,
    PlanDocument,
    PlanRow,
    applicant_name,
    document_case,
    plan_document,
    plan_document_queryset,
    resolve_language,
)
from .fetcher import (
    ATTACHMENT_PREFIX,
    DOCUMENT_ORIGIN,
    RefusedURL,
    StaticOnlyFetcher,
    static_file_for_url,
    static_url_prefix,
)
from .fonts import compact_cjk_fonts, harfbuzz_subsetting_available
from .render import (
    CACHE_TIMEOUT,
    PREVIEW_TEMPLATE,
    STYLESHEET,
    TEMPLATE,
    PlanPdf,
    cached_plan_pdf,
    content_disposition,
    html_to_pdf,
    plan_context,
    plan_pdf_cache_key,
    plan_pdf_filename,
    plan_pdf_get,
    plan_pdf_is_stored,
    plan_pdf_make,
    plan_pdf_ready,
    plan_pdf_store_ahead,
    render_plan_html,
    render_plan_pdf,
)

__all__ = [
    "inputs",
    "store",
    "ATTACHMENT_PREFIX",
    "plan_pdf_render_ahead",
    "plan_pdf_download",
    "plan_pdf_get",
    "plan_pdf_make",
    "plan_pdf_ready",
    "plan_pdf_is_stored",
    "plan_pdf_store_ahead",
    "PlanPdf",
    "CACHE_TIMEOUT",
    "CONTACTS_SHOWN",
    "DOCUMENT_ORIGIN",
    "PREVIEW_TEMPLATE",
    "STYLESHEET",
    "TEMPLATE",
    "ContactRow",
    "Figure",
    "PlanDocument",
    "PlanRow",
    "RefusedURL",
    "StaticOnlyFetcher",
    "cached_plan_pdf",
    "compact_cjk_fonts",
    "applicant_name",
    "document_case",
    "content_disposition",
    "harfbuzz_subsetting_available",
    "html_to_pdf",
    "plan_context",
    "plan_document",
    "plan_document_queryset",
    "plan_pdf_cache_key",
    "plan_pdf_filename",
    "render_plan_html",
    "render_plan_pdf",
    "resolve_language",
    "static_file_for_url",
    "static_url_prefix",
]
