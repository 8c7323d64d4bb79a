"""The review queue's computed columns (findings, household budget, the lender's answer), served by a digest
of their inputs so that a page of the queue validates only the cases whose inputs changed.

A row is made from (`ROW_INPUT_TABLES`):
- the owner's cases (the household budget is split between them), this case's payments (its schedule is
  validated) and those of the owner's agreed cases (they fix those cases' shares);
- the lenders of the owner's cases and their repayment programmes (limits, programme checks);
- the owner's budget and its commitments;
- this case's contacts (the columns the queue reads, `review.QUEUE_CONTACT_FIELDS`), plan versions,
  counter-offers and payment records;
- today's date (due soon, overdue, payments in the past) and the code that words the rules
  (`pdf.inputs.code_digest`, which covers the settings the figures depend on).

`review_rows` reads every such row of a page in one raw query per table (no model built), digests them per
case and looks the rows up under that digest in a cache of their own (settings.CACHES["review_rows"]): any
change to any of these rows, however it is written (a service, the admin, a queryset `update()` no signal
sees), gives a new digest, and the row is computed again. A row computed while its inputs changed is not
stored (its inputs are read again after the computation and must read the same). The rows hold no
translated text: the admin words them.
"""

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import caches
from django.db import connection
from django.db.models import Model

from ..models import (
    Budget,
    Case,
    Commitment,
    ContactAttempt,
    CounterOffer,
    Lender,
    LenderProgramme,
    Payment,
    PaymentRecord,
    PlanVersion,
)
from . import review
from .budget import AGREED_STATUSES, case_household_plan
from .findings import Severity
from .pdf.inputs import code_digest
from .raw_rows import rows_select
from .validation import validate

#: The cache the rows are kept in (settings.CACHES): not the default one, whose rate-limit counts a page of
#: rows must not push out.
ROWS_CACHE = "review_rows"
#: How long a computed row is kept; its key names the day, so a row never outlives its date anyway.
ROW_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class OfferShown:
    """The newest counter-offer as the queue shows it."""

    periods: int
    monthly_amount: Decimal
    fees: Decimal
    decision: str  # a CounterOffer.Decision


@dataclass(frozen=True)
class HouseholdShown:
    """The household budget as the queue shows it: whether there is one, how far the offers exceed it and
    whether by the borrower's choice, and how many lenders share it."""

    has_budget: bool
    excess: Decimal
    over_budget_by_choice: bool
    lenders: int


@dataclass(frozen=True)
class ReviewRow:
    """What the queue shows of a case that validation, the household plan and the lender's answer compute.
    `findings` are (code, severity) pairs in validation's order (errors first)."""

    findings: tuple[tuple[str, str], ...]
    household: HouseholdShown
    offer: OfferShown | None
    paid: int
    missed: int

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _severity in self.findings)

    @property
    def counts(self) -> review.FindingCounts:
        severities = [severity for _code, severity in self.findings]
        return review.FindingCounts(
            errors=severities.count(Severity.ERROR),
            warnings=severities.count(Severity.WARNING),
            infos=severities.count(Severity.INFO),
        )


def review_row(case: Case, *, today: dt.date) -> ReviewRow:
    """The row of `case` computed now, no cache: reads the case's relations (prefetched by
    `review.review_queue_page` for a page) and its owner's household plan."""
    findings = validate(case, today=today)
    plan = case_household_plan(case)
    answer = review.lender_answer(case)
    offer = answer.offer
    return ReviewRow(
        findings=tuple((finding.code, str(finding.severity)) for finding in findings),
        household=HouseholdShown(
            has_budget=plan.budget is not None,
            excess=plan.excess,
            over_budget_by_choice=plan.over_budget_by_choice,
            lenders=len(plan.shares),
        ),
        offer=None
        if offer is None
        else OfferShown(
            periods=offer.periods,
            monthly_amount=offer.monthly_amount,
            fees=offer.fees,
            decision=str(offer.decision),
        ),
        paid=answer.paid,
        missed=answer.missed,
    )


# --- The inputs, digested per case ------------------------------------------------------------------

_OWNER_LENDERS = "SELECT lender_id FROM {case} WHERE owner_id IN ({owners})"
_OWNER_BUDGETS = "SELECT id FROM {budget} WHERE owner_id IN ({owners})"

#: (model, the columns read (None: all of them), the rows as an SQL condition on the page's owners or cases,
#: the column that says whose a row is).
_SOURCES: tuple[tuple[type[Model], tuple[str, ...] | None, str, str], ...] = (
    (Case, None, "owner_id IN ({owners})", "owner_id"),
    # The page's schedules, and those of the owners' agreed cases (which fix their shares of the budget),
    # found in the owners' cases read first.
    (Payment, None, "case_id IN ({schedules})", "case_id"),
    (Lender, None, f"id IN ({_OWNER_LENDERS})", "id"),
    (LenderProgramme, None, f"lender_id IN ({_OWNER_LENDERS})", "lender_id"),
    (Budget, None, "owner_id IN ({owners})", "owner_id"),
    (Commitment, None, f"budget_id IN ({_OWNER_BUDGETS})", "budget_id"),
    (ContactAttempt, review.QUEUE_CONTACT_FIELDS, "case_id IN ({cases})", "case_id"),
    (PlanVersion, None, "case_id IN ({cases})", "case_id"),
    (CounterOffer, None, "case_id IN ({cases})", "case_id"),
    (PaymentRecord, None, "case_id IN ({cases})", "case_id"),
)
#: The sources read per case of the page (the others are read per owner).
_CASE_SOURCES = (Payment, ContactAttempt, PlanVersion, CounterOffer, PaymentRecord)
_PLACEHOLDER = re.compile(r"\{(owners|cases|schedules)\}")

#: The tables a row may read; a test checks that computing one reads no other.
ROW_INPUT_TABLES = frozenset(model._meta.db_table for model, _fields, _where, _key in _SOURCES)


def _read(model, fields, where: str, key: str, *, ids: dict[str, list[int]]) -> dict[int, list[tuple]]:
    """The rows of one source for the page (`ids`: its owners, cases and the cases whose schedules are read),
    grouped by their `key` column, in id order."""
    quote = connection.ops.quote_name
    params = [value for name in _PLACEHOLDER.findall(where) for value in ids[name]]
    condition = where.format(
        case=quote(Case._meta.db_table),
        budget=quote(Budget._meta.db_table),
        **{name: ", ".join(["%s"] * len(values)) for name, values in ids.items()},
    )
    sql, read = rows_select(model, where=condition, fields=fields)
    position = [field.column for field in read].index(key)
    grouped: dict[int, list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            grouped[row[position]].append(row)
    return grouped


def row_digests(*, cases: Iterable[tuple[int, int]], today: dt.date) -> dict[int, str]:
    """The digest of each row's inputs (see the module docstring) for `cases`, pairs of (case id, owner id),
    on `today`: one query per input table for them all, no model built."""
    owner_of_case = dict(cases)
    if not owner_of_case:
        return {}
    owner_ids = sorted(set(owner_of_case.values()))
    case_ids = sorted(owner_of_case)
    case_columns = [f.column for f in Case._meta.concrete_fields]
    id_at, lender_at = case_columns.index("id"), case_columns.index("lender_id")
    status_at = case_columns.index("status")
    budget_id_at = [f.column for f in Budget._meta.concrete_fields].index("id")
    ids = {"owners": owner_ids, "cases": case_ids}
    read = {}
    for model, fields, where, key in _SOURCES:  # the owners' cases first: they say whose schedules to read
        if model is Payment:
            agreed = [
                row[id_at]
                for rows in read[Case].values()
                for row in rows
                if row[status_at] in AGREED_STATUSES
            ]
            ids["schedules"] = sorted({*case_ids, *agreed})
        read[model] = _read(model, fields, where, key, ids=ids)
    owner_part: dict[int, bytes] = {}
    for owner_id in owner_ids:
        owned = read[Case].get(owner_id, [])
        lender_ids = sorted({row[lender_at] for row in owned if row[lender_at] is not None})
        budgets = read[Budget].get(owner_id, [])
        part = [
            owned,
            [read[Payment].get(row[id_at], []) for row in owned if row[status_at] in AGREED_STATUSES],
            [
                (read[Lender].get(lender_id, []), read[LenderProgramme].get(lender_id, []))
                for lender_id in lender_ids
            ],
            budgets,
            [read[Commitment].get(row[budget_id_at], []) for row in budgets],
        ]
        owner_part[owner_id] = hashlib.sha256(repr(part).encode("utf-8")).digest()
    prefix = f"{code_digest()}|{today.isoformat()}|".encode()
    digests = {}
    for case_id, owner_id in owner_of_case.items():
        digest = hashlib.sha256(prefix)
        digest.update(owner_part[owner_id])
        digest.update(
            repr([case_id, *(read[model].get(case_id, []) for model in _CASE_SOURCES)]).encode("utf-8")
        )
        digests[case_id] = digest.hexdigest()
    return digests


# --- A page of rows -----------------------------------------------------------------------------------


def _key(digest: str) -> str:
    return f"review-row:{digest}"


def review_rows(*, cases: Iterable[Case], today: dt.date) -> dict[int, ReviewRow]:
    """The ReviewRow of each of `cases` (saved cases; a page of the queue) on `today`, by case id: from the
    cache when their inputs' digest is known, else computed (from the cases read again, with their relations
    prefetched in a fixed number of queries) and stored when their inputs read the same after. Queries do
    not grow with the number of cases."""
    pairs = [(case.pk, case.owner_id) for case in cases]
    digests = row_digests(cases=pairs, today=today)
    cache = caches[ROWS_CACHE]
    found = cache.get_many([_key(digest) for digest in digests.values()])
    rows = {case_id: found[_key(d)] for case_id, d in digests.items() if _key(d) in found}
    missing = [case_id for case_id in digests if case_id not in rows]
    if not missing:
        return rows
    # Computed from the cases as they are now (the page's objects were read before the digest).
    fresh = review.review_queue_page(Case.objects.filter(pk__in=missing).select_related("lender"))
    computed = {case.pk: review_row(case, today=today) for case in fresh}
    rows.update(computed)
    again = row_digests(cases=[(case.pk, case.owner_id) for case in fresh], today=today)
    cache.set_many(
        {
            _key(digests[case_id]): row
            for case_id, row in computed.items()
            if again.get(case_id) == digests[case_id]
        },
        timeout=ROW_TIMEOUT,
    )
    return rows
