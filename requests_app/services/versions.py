"""Plan versions: a snapshot of everything the lender is told, an immutable PlanVersion each time it
changes, and what changed between two snapshots (say it, the lender will notice it).

Reads related rows only through `case.payments.all()`, `case.plan_versions.all()` and
`case.contacts.all()` (no per-case queries of their own), so callers can prefetch them; the one write,
`plan_version_record`, reads fresh rows from the database instead."""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Case, Payment, PlanVersion
from .background import plan_changed_send
from .budget import case_plan, forget_household_plan
from .contact_history import contacts_in_effect
from .finances import case_monthly_offer
from .formatting import day_count, long_date, money, month_count, to_cents
from .schedule import Schedule, ScheduledPayment, deferral_end, payment_rows, schedule_from_payments

RECORD_ATTEMPTS = 3


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(to_cents(value))


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def plan_snapshot(case, *, payments: Iterable | None = None) -> dict:
    """A JSON-able dict of everything the lender is told: the bill, the mode, the request, the schedule
    (ISO dates, Decimal strings), the monthly figures and the hardship's category and dates. The narrative
    is left out on purpose: rewording it does not change the plan. `payments` defaults to
    `case.payments.all()`."""
    schedule = schedule_from_payments(payment_rows(case, payments=payments))
    return {
        "amount_due": _money(case.amount_due),
        "due_date": _date(case.due_date),
        "repayment_mode": case.repayment_mode or "",
        "installments_total": case.installments_total,
        "installments_remaining": case.installments_remaining,
        "installment_amount": _money(case.installment_amount),
        "requested_deferral_days": case.requested_deferral_days,
        "deferral_end": _date(deferral_end(case)),
        "payments": [{"due_on": _date(p.due_on), "amount": _money(p.amount)} for p in schedule.payments],
        **_household_figures(case),
        "hardship_category": case.hardship_category or "",
        "hardship_since": _date(case.hardship_since),
        "hardship_expected_end": _date(case.hardship_expected_end),
    }


def _household_figures(case) -> dict:
    """The budget's totals, this case's monthly offer (its share) and how many other lenders share the
    budget: the lender is told all of them."""
    plan = case_plan(case)
    totals = plan.totals if plan else None
    share = plan.share_for(case) if plan else None
    return {
        "monthly_income": _money(totals.income) if totals else None,
        "essential_expenses": _money(totals.essentials) if totals else None,
        "other_debt_payments": _money(totals.priority) if totals else None,
        "monthly_capacity": _money(case_monthly_offer(case)),
        "offer_basis": share.basis if share else "",
        "other_lenders": len(plan.others(case)) if share else 0,
    }


def snapshot_hash(snapshot: dict) -> str:
    """sha256 of the snapshot's canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_plan_version(case) -> PlanVersion | None:
    """The case's newest PlanVersion (from `case.plan_versions.all()`), or None."""
    if case.pk is None:
        return None
    return max(case.plan_versions.all(), key=lambda version: version.number, default=None)


def plan_version_record(
    *, case: Case, by=None, origin: str = PlanVersion.Origin.BORROWER, reason: str = "", note: str = ""
) -> PlanVersion | None:
    """Record the case's current plan as a new PlanVersion (number = latest + 1) when its snapshot differs
    from the latest version's; return None when nothing changed. Call it after saving the case and its
    payments. The case row is locked, and a clash on the version number is retried. `reason` says why a
    version was made without the borrower's edit (a re-split of the household budget, a counselor's
    correction); `note` is the counselor's own words for a correction."""
    if case.pk is None:
        raise ValueError("Save the case before recording a plan version.")
    for attempt in range(RECORD_ATTEMPTS):
        try:
            with transaction.atomic():
                list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))
                forget_household_plan(case)
                snapshot = plan_snapshot(case, payments=Payment.objects.filter(case_id=case.pk))
                digest = snapshot_hash(snapshot)
                latest = PlanVersion.objects.filter(case_id=case.pk).order_by("-number").first()
                if latest is not None and latest.content_hash == digest:
                    return None
                version = PlanVersion(
                    case=case,
                    number=(latest.number if latest else 0) + 1,
                    content_hash=digest,
                    data=snapshot,
                    created_by=by,
                    origin=origin,
                    reason=reason,
                    note=note.strip(),
                )
                version.full_clean(validate_constraints=False)
                version.save()
        except IntegrityError:
            if attempt == RECORD_ATTEMPTS - 1:
                raise
            continue
        getattr(case, "_prefetched_objects_cache", {}).pop("plan_versions", None)
        plan_changed_send(case_id=case.pk)  # the worker renders the new letter ahead of the download
        return version
    return None  # pragma: no cover - the loop returns or raises


@dataclass(frozen=True)
class PlanChange:
    """One difference between two plan snapshots: `field` is a stable key (a snapshot key, or one of
    schedule_total, term, monthly_amount, first_payment, payoff_date, payments for the schedule),
    `label` is translated, `old` and `new` are human-readable in the active language."""

    field: str
    label: str
    old: str
    new: str


# Which model fields each change concerns (for findings that point at the form to change).
CHANGE_MODEL_FIELDS: dict[str, tuple[str, ...]] = {
    "schedule_total": ("payments",),
    "term": ("payments",),
    "monthly_amount": ("payments",),
    "first_payment": ("payments",),
    "payoff_date": ("payments",),
    "payments": ("payments",),
    "monthly_capacity": ("offer_override",),
    "monthly_income": ("offer_override",),
    "essential_expenses": ("offer_override",),
    "other_debt_payments": ("offer_override",),
    "other_lenders": ("offer_override",),
}


def change_model_fields(change: PlanChange) -> tuple[str, ...]:
    """The model field names a PlanChange concerns."""
    return CHANGE_MODEL_FIELDS.get(change.field, (change.field,))


def _not_given() -> str:
    return _("not given")


def _show_money(value) -> str:
    return _not_given() if value in (None, "") else money(Decimal(value))


def _show_date(value) -> str:
    return _not_given() if not value else long_date(dt.date.fromisoformat(value))


def _show_days(value) -> str:
    return _not_given() if value is None else day_count(int(value))


def _show_count(value) -> str:
    return _not_given() if value is None else str(value)


def _show_choice(choices):
    def show(value) -> str:
        if not value:
            return _not_given()
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)

    return show


def snapshot_schedule(snapshot: dict) -> Schedule:
    """The schedule a plan snapshot holds (empty when it has none)."""
    rows = snapshot.get("payments") or []
    return Schedule(
        payments=tuple(
            ScheduledPayment(due_on=dt.date.fromisoformat(row["due_on"]), amount=Decimal(row["amount"]))
            for row in rows
        )
    )


def _monthly_amount(schedule: Schedule) -> str:
    if not schedule.payments:
        return _not_given()
    low = min(p.amount for p in schedule.payments)
    if low == schedule.largest:
        return money(low)
    return _("%(low)s to %(high)s") % {"low": money(low), "high": money(schedule.largest)}


def _schedule_facts(schedule: Schedule) -> list[tuple[str, str, str]]:
    """(field, label, shown value) for the schedule's summary figures."""
    empty = not schedule.payments
    return [
        ("schedule_total", _("Total repaid"), _not_given() if empty else money(schedule.total)),
        ("term", _("Term"), _not_given() if empty else month_count(schedule.months)),
        ("monthly_amount", _("Monthly payment"), _monthly_amount(schedule)),
        ("first_payment", _("First payment"), _not_given() if empty else long_date(schedule.first_date)),
        ("payoff_date", _("Paid off by"), _not_given() if empty else long_date(schedule.payoff_date)),
    ]


def _field_rows():
    """(snapshot key, label, formatter) for the plain fields, in the order they are told to the lender."""
    return [
        ("amount_due", _("Amount due"), _show_money),
        ("due_date", _("Due date"), _show_date),
        ("repayment_mode", _("Repayment mode"), _show_choice(Case.RepaymentMode)),
        ("installments_total", _("Installment periods in total"), _show_count),
        ("installments_remaining", _("Installment periods remaining"), _show_count),
        ("installment_amount", _("Amount per period"), _show_money),
        ("requested_deferral_days", _("Deferral requested"), _show_days),
    ]


def _later_rows():
    return [
        ("monthly_income", _("Household monthly income"), _show_money),
        ("essential_expenses", _("Essential monthly spending"), _show_money),
        ("other_debt_payments", _("Payments made first"), _show_money),
        ("monthly_capacity", _("Monthly offer to this lender"), _show_money),
        ("other_lenders", _("Other lenders sharing the budget"), _show_count),
        ("hardship_category", _("Cause of the hardship"), _show_choice(Case.HardshipCategory)),
        ("hardship_since", _("Hardship since"), _show_date),
        ("hardship_expected_end", _("Expected end of the hardship"), _show_date),
    ]


def _payment_count(schedule: Schedule) -> str:
    count = len(schedule)
    return ngettext("%(count)s payment", "%(count)s payments", count) % {"count": count}


def plan_changes(*, old: dict, new: dict) -> list[PlanChange]:
    """What differs between two plan snapshots, as PlanChanges in the order the plan is told: the bill,
    the mode, the deferral, the schedule's total, term, monthly amount, first and last dates (or, when only
    individual rows moved, the payments as a whole), the monthly figures and the hardship."""
    changes = []

    def compare(rows):
        for key, label, show in rows:
            before, after = old.get(key), new.get(key)
            if before != after:
                changes.append(PlanChange(field=key, label=label, old=show(before), new=show(after)))

    compare(_field_rows())
    old_schedule, new_schedule = snapshot_schedule(old), snapshot_schedule(new)
    if old_schedule != new_schedule:
        schedule_changes = [
            PlanChange(field=key, label=label, old=before, new=after)
            for (key, label, before), (_key, _label, after) in zip(
                _schedule_facts(old_schedule), _schedule_facts(new_schedule), strict=True
            )
            if before != after
        ]
        changes.extend(
            schedule_changes
            or [
                PlanChange(
                    field="payments",
                    label=_("Payment dates and amounts"),
                    old=_payment_count(old_schedule),
                    new=_payment_count(new_schedule),
                )
            ]
        )
    compare(_later_rows())
    return changes


def last_presented_version(case) -> PlanVersion | None:
    """The plan version presented at the latest contact attempt that recorded one (corrected entries give
    way to their corrections), or None. Reads `case.contacts.all()` and `case.plan_versions.all()`."""
    if case.pk is None:
        return None
    presented = [c for c in contacts_in_effect(case.contacts.all()) if c.plan_version_id is not None]
    if not presented:
        return None
    last = presented[0]  # contacts_in_effect is newest first
    versions = {version.pk: version for version in case.plan_versions.all()}
    return versions.get(last.plan_version_id)


def changes_since_last_contact(case, *, payments: Iterable | None = None) -> list[PlanChange]:
    """How the current plan differs from the version presented at the latest contact attempt; empty when
    nothing changed or no version was ever presented. `payments` defaults to `case.payments.all()`."""
    version = last_presented_version(case)
    if version is None:
        return []
    snapshot = plan_snapshot(case, payments=payments)
    if snapshot == version.data:  # the usual case, and the review queue asks it for every case of a page
        return []
    return plan_changes(old=version.data, new=snapshot)
