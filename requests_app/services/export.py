"""Exports for counselors: a CSV of cases (opens in Excel, Chinese intact, formula-safe) and a zip of the
cases' PDF letters.

The CSV is for people to read: headers, choices and dates are in one language (the counselor's interface
language when the export was asked for), dates written as on every page, in the admin and in the PDF
(formatting.long_date / date_time: "2026年12月3日 10:00", "3 Dec 2026, 10:00"); amounts and counts stay
plain numbers so a spreadsheet can sum them. The borrower's own data export (services.privacy) is the
machine-readable one, with ISO 8601 dates.

Reads related rows only through `case.lender`, `case.owner`, `case.assigned_reviewer`, `case.payments.all()`,
`case.contacts.all()` and `case.plan_versions.all()`, so callers can prefetch them (CASE_EXPORT_PREFETCH).
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case
from .budget import prefetch_household_plans
from .contacts import contacts_in_effect
from .finances import case_monthly_offer
from .formatting import date_time, long_date
from .pdf import cached_plan_pdf, plan_pdf_filename
from .review import finding_counts
from .schedule import schedule_from_payments
from .validation import validate

#: What `cases_csv_lines` and `cases_pdf_zip` read, for `select_related` / `prefetch_related`.
CASE_EXPORT_SELECT = ("lender", "owner", "assigned_reviewer")
CASE_EXPORT_PREFETCH = ("lender__programmes", "payments", "contacts", "plan_versions")

#: A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

UTF8_BOM = "\ufeff"


def csv_safe(value, *, language: str | None = None) -> str | int | Decimal:
    """`value` as a CSV cell: numbers as they are, None as "", dates and moments as every page writes them
    in `language` (default: the active one), text that a spreadsheet would run as a formula prefixed with
    a single quote."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return date_time(value, language=language)
    if isinstance(value, dt.date):
        return long_date(value, language=language)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_headers() -> list[str]:
    """The column titles of the case export, in the active language."""
    return [
        _("Public id"),
        _("Status"),
        _("Borrower"),
        _("Borrower email"),
        _("Lender"),
        _("Amount due (CNY)"),
        _("Due date"),
        _("Days to due (negative: overdue)"),
        _("Repayment mode"),
        _("Installment periods remaining"),
        _("Installment periods in total"),
        _("Cause of the hardship"),
        _("Hardship since"),
        _("Deferral requested (days)"),
        _("Monthly offer to this lender (CNY)"),
        _("Schedule total (CNY)"),
        _("Number of payments"),
        _("Paid off by"),
        _("Plan version"),
        _("Contacts"),
        _("Last contact"),
        _("Last outcome"),
        _("Last agent id"),
        _("Last ticket number"),
        _("Next follow-up"),
        _("Errors"),
        _("Warnings"),
        _("Assigned reviewer"),
        _("Reviewed at"),
    ]


def csv_row(case: Case, *, today: dt.date, language: str | None = None) -> list:
    """One case as a row of `csv_headers()`, formula-safe, dates in `language` (default: the active one)."""
    schedule = schedule_from_payments(list(case.payments.all()))
    contacts = contacts_in_effect(case.contacts.all())
    last = contacts[0] if contacts else None
    versions = list(case.plan_versions.all())
    counts = finding_counts(validate(case, today=today))
    values = [
        str(case.public_id),
        case.get_status_display(),
        case.owner.get_username(),
        case.owner.email,
        case.lender.name if case.lender_id else "",
        case.amount_due,
        case.due_date,
        (case.due_date - today).days if case.due_date else None,
        case.get_repayment_mode_display() if case.repayment_mode else "",
        case.installments_remaining,
        case.installments_total,
        case.get_hardship_category_display() if case.hardship_category else "",
        case.hardship_since,
        case.requested_deferral_days,
        case_monthly_offer(case),
        schedule.total if schedule.payments else None,
        len(schedule.payments),
        schedule.payoff_date,
        max((v.number for v in versions), default=None),
        len(contacts),
        last.occurred_at if last else None,
        last.get_outcome_display() if last else "",
        last.agent_id if last else "",
        last.ticket_number if last else "",
        last.next_follow_up if last else None,
        counts.errors,
        counts.warnings,
        case.assigned_reviewer.get_username() if case.assigned_reviewer_id else "",
        case.reviewed_at,
    ]
    return [csv_safe(value, language=language) for value in values]


class _Line:
    """A file-like object whose write() returns what it was given, so csv.writer yields lines."""

    def write(self, text: str) -> str:
        return text


def cases_csv_lines(
    *, cases: Iterable[Case], today: dt.date | None = None, language: str | None = None
) -> Iterator[str]:
    """The CSV export of `cases` line by line (for a streaming response): a UTF-8 byte-order mark so
    Excel reads Chinese, the header row, then one row per case in the order given; all of it in
    `language` (default: the active one)."""
    today = today or timezone.localdate()
    language = language or translation.get_language()
    writer = csv.writer(_Line())
    # Each line is rendered under the language, not the whole generator: the caller runs between lines.
    with translation.override(language):
        header = UTF8_BOM + writer.writerow(csv_headers())
    yield header
    for chunk in _chunks(cases, size=500):
        for case in prefetch_household_plans(chunk):
            with translation.override(language):
                line = writer.writerow(csv_row(case, today=today, language=language))
            yield line


def _chunks(items: Iterable, *, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def cases_csv(*, cases: Iterable[Case], today: dt.date | None = None, language: str | None = None) -> bytes:
    """The whole CSV export of `cases`, UTF-8 with a byte-order mark, in `language` (default: the active one)."""
    return "".join(cases_csv_lines(cases=cases, today=today, language=language)).encode("utf-8")


def pdf_file_name(case: Case, *, language: str | None = None) -> str:
    """The name of a case's PDF inside the zip: the download's own name with the case's short id added,
    e.g. "deferral-plan-huabei-2026-12-10-1a2b3c4d.pdf"."""
    ascii_name, _local = plan_pdf_filename(case=case, language=language)
    return f"{ascii_name.removesuffix('.pdf')}-{case.public_id.hex[:8]}.pdf"


def cases_pdf_zip(*, cases: Iterable[Case], language: str | None = None) -> bytes:
    """A zip holding the letter-and-plan PDF of each case (services.pdf), in the case's letter language
    unless `language` is given; one file per case, named by `pdf_file_name` (made unique if two clash)."""
    buffer = io.BytesIO()
    names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for case in cases:
            name = pdf_file_name(case, language=language)
            if name in names:
                name = f"{name.removesuffix('.pdf')}-{case.public_id.hex}.pdf"
            names.add(name)
            archive.writestr(name, cached_plan_pdf(case=case, language=language))
    return buffer.getvalue()
