"""Writing a case: the wizard's draft saves, the schedule, and the move to "ready".

Every write is optimistic-locked on `Case.version`: the caller says which version the person edited, the
write claims it with `UPDATE … WHERE version = expected` and is refused with `StaleCase` when someone else
saved in between (another tab, another device). Each write is one transaction.

The rules for what a step may hold live in `wizard`; the case-list reads in `case_list`; both are
re-exported here for callers that import them from this module.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case, Payment, PlanVersion
from .case_list import (
    DUE_SOON_DAYS,
    UNFINISHED_STATUSES,
    URGENCY_ORDER,
    CaseOverview,
    CounselorRequest,
    Urgency,
    case_is_unfinished,
    case_overview,
    case_overviews,
    counselor_request,
    due_urgency,
)
from .findings import Finding, has_errors
from .letter_language import letter_language_for
from .refusals import CaseClosed, InvalidSchedule, StaleCase
from .schedule import ScheduledPayment
from .text_limits import (
    ACCOUNT_INPUT_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
)
from .validation import validate
from .versions import plan_version_record
from .wizard import (
    ACCOUNT_INPUT_SEPARATORS,
    COUNSELOR_CORRECTION,
    INSTALLMENT_FIELDS,
    MAX_DEFERRAL_DAYS,
    MAX_INSTALLMENT_PERIODS,
    MAX_PAYMENTS,
    STEP_FIELDS,
    WIZARD_STEPS,
    account_hint_mask,
    correction_note_check,
    correction_values,
    next_step,
    payments_check,
    previous_step,
    step_values,
)
from .workflow import case_status_change

__all__ = [
    "ACCOUNT_INPUT_MAX_LENGTH",
    "ACCOUNT_INPUT_SEPARATORS",
    "DUE_SOON_DAYS",
    "INSTALLMENT_FIELDS",
    "MAX_DEFERRAL_DAYS",
    "MAX_INSTALLMENT_PERIODS",
    "MAX_PAYMENTS",
    "NARRATIVE_MAX_LENGTH",
    "NOTES_MAX_LENGTH",
    "SHORT_TEXT_MAX_LENGTH",
    "STEP_FIELDS",
    "UNFINISHED_STATUSES",
    "URGENCY_ORDER",
    "WIZARD_STEPS",
    "CaseClosed",
    "CaseOverview",
    "CounselorRequest",
    "InvalidSchedule",
    "StaleCase",
    "StepSaved",
    "Urgency",
    "account_hint_mask",
    "case_accepts_changes",
    "case_admin_correct",
    "case_create",
    "case_is_unfinished",
    "case_mark_ready",
    "case_overview",
    "case_overviews",
    "case_schedule_replace",
    "case_step_save",
    "counselor_request",
    "due_urgency",
    "next_step",
    "previous_step",
]

Status = Case.Status


@dataclass(frozen=True)
class StepSaved:
    """What a step save did: the fresh case, and whether the case left READY because of new errors."""

    case: Case
    back_to_draft: bool


def case_create(
    *, owner, cleaned_data: Mapping[str, Any] | None = None, today: dt.date | None = None
) -> Case:
    """A new draft case for `owner`, its letter in the language the person is using; with `cleaned_data`,
    the first wizard step ("lender") is saved with it (same rules as `case_step_save`)."""
    today = today or timezone.localdate()
    values = step_values(WIZARD_STEPS[0], cleaned_data, today=today) if cleaned_data is not None else {}
    letter_language = letter_language_for(translation.get_language())
    case = Case(
        owner=owner,
        wizard_step=WIZARD_STEPS[1] if values else WIZARD_STEPS[0],
        letter_language=letter_language,
        **values,
    )
    case._history_user = owner
    with transaction.atomic():
        case.full_clean(validate_unique=False)
        case.save()
    return case


def case_accepts_changes(case: Case) -> bool:
    """False once the case is closed: its plan and figures stay as they were."""
    return case.status != Status.CLOSED


def _claim_version(*, case: Case, expected_version: int | None) -> Case:
    """Take the case's version (UPDATE … WHERE version = expected) and return the row, locked."""
    if expected_version is None:
        raise StaleCase(case_id=case.pk, expected_version=expected_version)
    claimed = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if claimed != 1:
        current = Case.objects.filter(pk=case.pk).values_list("version", flat=True).first()
        raise StaleCase(case_id=case.pk, expected_version=expected_version, current_version=current)
    fresh = Case.objects.select_for_update(of=("self",)).select_related("lender").get(pk=case.pk)
    if not case_accepts_changes(fresh):
        raise CaseClosed  # the caller's transaction rolls the version claim back
    return fresh


def _payments_replace(*, case: Case, payments: Iterable[ScheduledPayment]) -> None:
    Payment.objects.filter(case=case).delete()
    Payment.objects.bulk_create(
        [
            Payment(case=case, due_on=p.due_on, amount=p.amount)
            for p in sorted(payments, key=lambda p: p.due_on)
        ]
    )


def _leave_ready_if_errors(*, case: Case, by, today: dt.date, note: str | None = None) -> bool:
    """A READY case whose edit introduced errors goes back to DRAFT (it is no longer fit to present)."""
    if case.status != Status.READY:
        return False
    if not has_errors(validate(case, today=today)):
        return False
    note = note or _("Edited by the borrower; the plan has errors again.")
    case_status_change(case=case, to_status=Status.DRAFT, by=by, note=note)
    return True


def case_step_save(
    *,
    case: Case,
    step: str,
    cleaned_data: Mapping[str, Any],
    expected_version: int | None,
    by,
    resume_at: str | None = None,
    today: dt.date | None = None,
) -> StepSaved:
    """Save one wizard step of `case` as a draft, in one transaction, on the version the person edited.

    `cleaned_data` holds the step's parsed fields (and, for "schedule", optionally "payments": a list of
    ScheduledPayment). Raises StaleCase when the version moved on, CaseClosed for a closed case, and
    ValidationError (by field) or InvalidSchedule (by row) for values the rules refuse; nothing is saved
    then. A READY case that now has errors goes back to DRAFT. `resume_at` is the step to offer when the
    person comes back.
    """
    if step not in STEP_FIELDS:
        raise ValueError(f"unknown wizard step {step!r}")
    today = today or timezone.localdate()
    values = step_values(step, cleaned_data, today=today)
    payments = cleaned_data.get("payments") if step == "schedule" else None
    if payments is not None:
        payments = [ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in payments]
        payments_check(payments, today=today)
    with transaction.atomic():
        fresh = _claim_version(case=case, expected_version=expected_version)
        for name, value in values.items():
            setattr(fresh, name, value)
        fresh.wizard_step = resume_at if resume_at in WIZARD_STEPS else step
        fresh._history_user = by
        fresh.full_clean(validate_unique=False)
        fresh.save()
        if payments is not None:
            _payments_replace(case=fresh, payments=payments)
            plan_version_record(case=fresh, by=by)
        back_to_draft = _leave_ready_if_errors(case=fresh, by=by, today=today)
    return StepSaved(case=fresh, back_to_draft=back_to_draft)


def case_schedule_replace(
    *,
    case: Case,
    payments: Iterable[ScheduledPayment],
    expected_version: int | None,
    by,
    today: dt.date | None = None,
    origin: str = PlanVersion.Origin.BORROWER,
) -> StepSaved:
    """Replace the whole schedule of `case` (a suggestion, or a change after a counter-offer) and record a
    new plan version when the plan changed (`origin`: who proposed it). Same locking and refusals as
    `case_step_save`."""
    today = today or timezone.localdate()
    payments = [ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in payments]
    payments_check(payments, today=today)
    with transaction.atomic():
        fresh = _claim_version(case=case, expected_version=expected_version)
        _payments_replace(case=fresh, payments=payments)
        plan_version_record(case=fresh, by=by, origin=origin)
        back_to_draft = _leave_ready_if_errors(case=fresh, by=by, today=today)
    return StepSaved(case=fresh, back_to_draft=back_to_draft)


def case_mark_ready(*, case: Case, by, today: dt.date | None = None) -> list[Finding]:
    """Check `case`; with no ERROR finding, a draft (or a case sent back for changes) becomes READY and the
    plan is recorded as a version. Returns the findings either way; a case past READY keeps its status."""
    today = today or timezone.localdate()
    with transaction.atomic():
        fresh = Case.objects.select_for_update(of=("self",)).select_related("lender").get(pk=case.pk)
        findings = validate(fresh, today=today)
        if not has_errors(findings):
            plan_version_record(case=fresh, by=by)
            if fresh.status in (Status.DRAFT, Status.NEEDS_CHANGES):
                case_status_change(case=fresh, to_status=Status.READY, by=by)
    case.status = fresh.status
    return findings


def case_admin_correct(
    *,
    case: Case,
    values: Mapping[str, Any],
    payments: Iterable[ScheduledPayment] | None,
    expected_version: int | None,
    by,
    note: str,
    today: dt.date | None = None,
) -> StepSaved:
    """A counselor's correction of the borrower's figures (`values`: changed wizard fields) and/or schedule
    (`payments`: every row, or None to keep it), on the version they opened, with `note` saying why.

    The same rules as the borrower's saves: each wizard step with a changed field is checked whole
    (`wizard.correction_values`), the rows by `payments_check`; the version is claimed and the row locked;
    a plan version "corrected by a counselor" records who and why; a READY case that now has errors goes
    back to DRAFT. Raises StaleCase, CaseClosed, ValidationError (by field, "correction_note" included) or
    InvalidSchedule (by row), and saves nothing then."""
    today = today or timezone.localdate()
    correction_note_check(note)
    if payments is not None:
        payments = [ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in payments]
        payments_check(payments, today=today)
    with transaction.atomic():
        fresh = _claim_version(case=case, expected_version=expected_version)
        checked = correction_values(case=fresh, data=values, today=today)
        for name, value in checked.items():
            setattr(fresh, name, value)
        fresh._history_user = by
        fresh._change_reason = note.strip()[:100]
        fresh.full_clean(validate_unique=False)
        fresh.save()
        if payments is not None:
            _payments_replace(case=fresh, payments=payments)
        plan_version_record(
            case=fresh, by=by, origin=PlanVersion.Origin.COUNSELOR, reason=COUNSELOR_CORRECTION, note=note
        )
        back_to_draft = _leave_ready_if_errors(
            case=fresh, by=by, today=today, note=_("Corrected by a counselor; the plan has errors again.")
        )
    return StepSaved(case=fresh, back_to_draft=back_to_draft)
