"""What a case's letter and plan are made from, digested without building them: the download's fast path.

Building the document to learn its cache key (`render.plan_pdf_cache_key`) costs a dozen queries and the
whole letter's wording, about as much as the rest of the download. `document_inputs` reads instead,
in one raw query per table, every row the document is made from, and digests them with the date, the
language and the code and layout that word them:

- the owner's cases (the household budget is split between them, and the letter names the other lenders)
  and their payments (an agreed case's payments fix its share);
- this case's contacts, plan versions and evidence files;
- the lenders of the owner's cases and their repayment programmes;
- the owner's budget and its commitments, the owner's profile (the name on letters), the reference figures.

`INPUT_TABLES` lists them; a test checks that building the document reads no other table. Columns that
change on every save whatever changed (`BOOKKEEPING_COLUMNS`: save counters and "changed at" stamps) are
left out of the digest (a save that changes nothing keeps the PDF current) and digested apart as `writes`
(an edit undone while a PDF rendered still shows there); so are the owner's account columns: the letter
prints no username, e-mail or log-in time.

The worker stores each rendered PDF with the digest of the inputs it was made from (read before and after
the render, kept only when the two agree, bookkeeping columns included: nothing was written meanwhile), so a download whose digest matches
serves the stored file at once, and any change to any of these rows makes the download build the document
again (and find, or render, the PDF under the document's own key).
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from django.conf import settings
from django.db import connection
from django.db.models import Model

from ...models import (
    AccountProfile,
    Budget,
    Case,
    Commitment,
    ContactAttempt,
    EvidenceFile,
    Lender,
    LenderProgramme,
    Payment,
    PlanVersion,
    ReferenceFigure,
)
from ..raw_rows import rows_select

#: Columns that change on every save whether or not anything the document shows changed.
BOOKKEEPING_COLUMNS = {
    Case: {"version", "updated_at"},
    Budget: {"version", "updated_at"},
    AccountProfile: {"changed_at"},
}

_OWNER_CASES = "SELECT id FROM {case} WHERE owner_id = %s"
_OWNER_LENDERS = "SELECT lender_id FROM {case} WHERE owner_id = %s"
_OWNER_BUDGET = "SELECT id FROM {budget} WHERE owner_id = %s"

#: (model, the rows it gives as an SQL condition, which of "owner"/"case" fill its placeholders).
_SOURCES: tuple[tuple[type[Model], str, tuple[str, ...]], ...] = (
    (Case, "owner_id = %s", ("owner",)),
    (Payment, f"case_id IN ({_OWNER_CASES})", ("owner",)),
    (ContactAttempt, "case_id = %s", ("case",)),
    (PlanVersion, "case_id = %s", ("case",)),
    (EvidenceFile, "case_id = %s", ("case",)),
    (Lender, f"id IN ({_OWNER_LENDERS})", ("owner",)),
    (LenderProgramme, f"lender_id IN ({_OWNER_LENDERS})", ("owner",)),
    (Budget, "owner_id = %s", ("owner",)),
    (Commitment, f"budget_id IN ({_OWNER_BUDGET})", ("owner",)),
    (AccountProfile, "user_id = %s", ("owner",)),
    (ReferenceFigure, "1 = 1", ()),
)

#: The tables the document may read: those above, and the owner's account (joined for the profile; none
#: of its columns is printed).
INPUT_TABLES = frozenset({model._meta.db_table for model, _where, _params in _SOURCES} | {"auth_user"})


@functools.cache
def _statements(vendor: str) -> tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...]:
    """(SQL, its placeholders, the positions of its bookkeeping columns) for each input table."""
    quote = connection.ops.quote_name
    tables = {"case": quote(Case._meta.db_table), "budget": quote(Budget._meta.db_table)}
    statements = []
    for model, where, params in _SOURCES:
        bookkeeping = BOOKKEEPING_COLUMNS.get(model, set())
        sql, read = rows_select(model, where=where.format(**tables))
        positions = tuple(index for index, field in enumerate(read) if field.name in bookkeeping)
        statements.append((sql, params, positions))
    return tuple(statements)


def _layout_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        *sorted((base / "templates" / "requests_app" / "pdf").rglob("*.html")),
        base / "static" / "css" / "pdf.css",
    ]


@functools.cache
def _release_digest() -> str:
    """The app's code (services, models' labels, the date formats), the compiled catalogues, WeasyPrint's
    version and the settings the figures depend on: read once per process (apps.ready, at start-up), so a
    release replaced under a running process never lends it its digest."""
    base = Path(settings.BASE_DIR)
    paths = [
        *sorted((base / "requests_app").rglob("*.py")),
        *sorted((base / "deferral_site").rglob("*.py")),
        *sorted(path for locale in settings.LOCALE_PATHS for path in Path(locale).rglob("*.mo")),
    ]
    digest = hashlib.sha256(weasyprint.__version__.encode())
    # The settings the figures depend on (the token offer, the time zone that makes "today").
    digest.update(repr((getattr(settings, "BUDGET_TOKEN_OFFER", None), settings.TIME_ZONE)).encode())
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _layout_digest(stamps: tuple) -> str:
    digest = hashlib.sha256()
    for path, _stamp in stamps:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def code_digest() -> str:
    """A digest of what words and lays out the document: the release (`_release_digest`) and the PDF
    templates and stylesheet, read again whenever one of them changes on disk (a template edited under
    `make run` is a new layout at once). Part of both the inputs digest and the PDF's own key, so a new
    release or layout never serves a PDF worded or laid out by the old one."""
    stamps = tuple((str(path), path.stat().st_mtime_ns) for path in _layout_files() if path.is_file())
    return hashlib.sha256(f"{_release_digest()}:{_layout_digest(stamps)}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class DocumentInputs:
    """`digest`: what the document is made from (equal digests, equal documents). `writes`: the
    bookkeeping columns left out of it, which move on every save: a render whose inputs read the same
    before and after may still have read an edit that was undone meanwhile, and `writes` tells."""

    digest: str
    writes: str


def document_inputs(*, case_id: int, owner_id: int, language: str, today: dt.date) -> DocumentInputs:
    """What case `case_id`'s document in `language` is made from on `today` (see the module docstring).
    One query per input table, no model built."""
    digest = hashlib.sha256(f"{language}|{today.isoformat()}|{code_digest()}".encode())
    writes = hashlib.sha256()
    values = {"owner": owner_id, "case": case_id}
    with connection.cursor() as cursor:
        for sql, params, bookkeeping in _statements(connection.vendor):
            cursor.execute(sql, [values[name] for name in params])
            rows = cursor.fetchall()
            shown = [tuple(v for i, v in enumerate(row) if i not in bookkeeping) for row in rows]
            digest.update(repr(shown).encode("utf-8"))
            digest.update(b"\x1e")
            if bookkeeping:
                writes.update(repr([tuple(row[i] for i in bookkeeping) for row in rows]).encode("utf-8"))
    return DocumentInputs(digest=digest.hexdigest(), writes=writes.hexdigest())
