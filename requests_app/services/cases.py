"""Writing a case: the wizard's draft saves, the schedule, and the move to "ready".

Every write is optimistic-locked on `Case.version`: the caller says which version the person edited, the
write claims it with `UPDATE … WHERE version = expected` and is refused with `StaleCase` when someone else
saved in between (another tab, another device). Each write is one transaction.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Case, Payment
from .budget import MAX_MONTHLY_AMOUNT
from .contacts import FollowUp, case_follow_up
from .findings import Finding, Severity, has_errors
from .schedule import ScheduledPayment, case_schedule
from .validation import URGENT_DAYS, validate
from .versions import plan_version_record
from .workflow import SETTLED_STATUSES, case_status_change

Status = Case.Status

WIZARD_STEPS: tuple[str, ...] = ("lender", "mode", "hardship", "finances", "schedule", "review")

#: The case fields each wizard step writes. "payments" (the schedule rows) is not a model field.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "lender": ("lender", "account_hint", "amount_due", "due_date"),
    "mode": ("repayment_mode", "installments_total", "installments_remaining", "installment_amount"),
    "hardship": (
        "hardship_category",
        "hardship_since",
        "hardship_expected_end",
        "hardship_narrative",
        "evidence",
        "evidence_notes",
    ),
    "finances": ("offer_override", "offer_override_reason"),
    "schedule": ("requested_deferral_days",),
    "review": ("letter_language",),
}

INSTALLMENT_FIELDS = ("installments_total", "installments_remaining", "installment_amount")

# Lengths people are told next to the field; long enough for the story, short enough to read on a call.
NARRATIVE_MAX_LENGTH = 2000
NOTES_MAX_LENGTH = 1000
SHORT_TEXT_MAX_LENGTH = 500
ACCOUNT_INPUT_MAX_LENGTH = 40
#: Besides letters and digits, what people type in an account, card or phone number or an e-mail address.
ACCOUNT_INPUT_SEPARATORS = frozenset(" \u3000-_.@+()#*/:：")
MAX_PAYMENTS = 120
MAX_DEFERRAL_DAYS = 365
MAX_INSTALLMENT_PERIODS = 360

# A due date this far from today is a typo, not a bill.
DUE_DATE_PAST_DAYS = 5 * 366
DUE_DATE_FUTURE_DAYS = 2 * 366
HARDSHIP_PAST_DAYS = 20 * 366
HARDSHIP_FUTURE_DAYS = 10 * 366
PAYMENT_FUTURE_DAYS = 20 * 366


class StaleCase(Exception):
    """The case changed since the person opened the form; `message` is translated and safe to show."""

    def __init__(self, *, case_id: int, expected_version: int | None):
        self.case_id, self.expected_version = case_id, expected_version
        self.message = _(
            "This case was changed somewhere else (another tab or device) after you opened this page. "
            "Nothing was saved: what you typed is still below. Check it and save again."
        )
        super().__init__(self.message)


class CaseClosed(Exception):
    """A closed case takes no more changes to its plan; `message` is translated and safe to show."""

    def __init__(self):
        self.message = _("This case is closed and can no longer be changed.")
        super().__init__(self.message)


class InvalidSchedule(Exception):
    """Schedule rows the service refuses; `row_errors` maps the row index to {field: message}."""

    def __init__(self, row_errors: dict[int, dict[str, str]]):
        self.row_errors = row_errors
        super().__init__(str(row_errors))


@dataclass(frozen=True)
class StepSaved:
    """What a step save did: the fresh case, and whether the case left READY because of new errors."""

    case: Case
    back_to_draft: bool


def next_step(step: str) -> str | None:
    """The wizard step after `step`, or None after the last."""
    index = WIZARD_STEPS.index(step)
    return WIZARD_STEPS[index + 1] if index + 1 < len(WIZARD_STEPS) else None


def previous_step(step: str) -> str | None:
    """The wizard step before `step`, or None before the first."""
    index = WIZARD_STEPS.index(step)
    return WIZARD_STEPS[index - 1] if index > 0 else None


def account_hint_mask(raw: str) -> str:
    """The last four letters or digits of an account, phone or card number; the rest is never kept."""
    kept = [c for c in (raw or "").upper() if c.isalnum()]
    return "".join(kept[-4:])


def case_create(
    *, owner, cleaned_data: Mapping[str, Any] | None = None, today: dt.date | None = None
) -> Case:
    """A new draft case for `owner`, its letter in the language the person is using; with `cleaned_data`,
    the first wizard step ("lender") is saved with it (same rules as `case_step_save`)."""
    today = today or timezone.localdate()
    values = _step_values(WIZARD_STEPS[0], cleaned_data, today=today) if cleaned_data is not None else {}
    language = (translation.get_language() or "").lower()
    letter_language = Case.Language.EN if language.startswith("en") else Case.Language.ZH_HANS
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
        raise StaleCase(case_id=case.pk, expected_version=expected_version)
    fresh = Case.objects.select_for_update(of=("self",)).select_related("lender").get(pk=case.pk)
    if not case_accepts_changes(fresh):
        raise CaseClosed  # the caller's transaction rolls the version claim back
    return fresh


def _date_window_error(value: dt.date | None, *, today: dt.date, past_days: int, future_days: int) -> bool:
    return value is not None and not (
        today - dt.timedelta(days=past_days) <= value <= today + dt.timedelta(days=future_days)
    )


def _step_values(step: str, data: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The model values of `step` from parsed input, normalised; ValidationError per field otherwise."""
    values = {name: data.get(name) for name in STEP_FIELDS[step] if name in data}
    errors: dict[str, str] = {}
    if step == "lender":
        typed_account = values.get("account_hint") or ""
        if any(not (c.isalnum() or c in ACCOUNT_INPUT_SEPARATORS) for c in typed_account):
            # Markup or stray symbols are not an account number: say so rather than keep four odd letters.
            errors["account_hint"] = _(
                "Use only letters, digits and spaces here, for example 6222 0210 0000 4321."
            )
        values["account_hint"] = account_hint_mask(typed_account)
        amount = values.get("amount_due")
        if amount is not None and amount <= 0:
            errors["amount_due"] = _("Enter the amount of the bill; it must be more than zero.")
        if _date_window_error(
            values.get("due_date"),
            today=today,
            past_days=DUE_DATE_PAST_DAYS,
            future_days=DUE_DATE_FUTURE_DAYS,
        ):
            errors["due_date"] = _("This date is too far from today for a bill. Check the year.")
    elif step == "mode":
        if values.get("repayment_mode") != Case.RepaymentMode.INSTALLMENTS:
            # Installment details mean nothing for a full repayment: clear whatever was typed earlier.
            values.update(dict.fromkeys(INSTALLMENT_FIELDS))
        else:
            required = _("Needed when you repay in installments.")
            for name in INSTALLMENT_FIELDS:
                if values.get(name) is None:
                    errors[name] = required
            total, remaining = values.get("installments_total"), values.get("installments_remaining")
            if total is not None and not 2 <= total <= MAX_INSTALLMENT_PERIODS:
                errors["installments_total"] = _("Enter a number of periods between 2 and %(max)s.") % {
                    "max": MAX_INSTALLMENT_PERIODS
                }
            if remaining is not None and remaining < 1:
                errors["installments_remaining"] = _("At least one period must be left to repay.")
            elif total is not None and remaining is not None and remaining > total:
                errors["installments_remaining"] = _("You cannot have more periods left than in total.")
            amount = values.get("installment_amount")
            if amount is not None and amount <= 0:
                errors["installment_amount"] = _("Enter the amount of one period; it must be more than zero.")
    elif step == "hardship":
        since, end = values.get("hardship_since"), values.get("hardship_expected_end")
        if since is not None and since > today:
            errors["hardship_since"] = _("This date is in the future. When did the difficulty start?")
        elif _date_window_error(since, today=today, past_days=HARDSHIP_PAST_DAYS, future_days=0):
            errors["hardship_since"] = _("This date is too long ago. Check the year.")
        if end is not None:
            if end < today:
                errors["hardship_expected_end"] = _(
                    "This date has passed. Enter when you expect things to improve, or leave it empty."
                )
            elif since is not None and end <= since:
                errors["hardship_expected_end"] = _("The end must come after the start of the difficulty.")
            elif _date_window_error(end, today=today, past_days=0, future_days=HARDSHIP_FUTURE_DAYS):
                errors["hardship_expected_end"] = _("This date is too far away. Check the year.")
        for name, limit in (
            ("hardship_narrative", NARRATIVE_MAX_LENGTH),
            ("evidence_notes", NOTES_MAX_LENGTH),
        ):
            if len(values.get(name) or "") > limit:
                errors[name] = _("Keep it under %(limit)s characters.") % {"limit": limit}
        values["evidence"] = sorted(set(values.get("evidence") or []))
        values["hardship_narrative"] = (values.get("hardship_narrative") or "").strip()
        values["evidence_notes"] = (values.get("evidence_notes") or "").strip()
    elif step == "finances":
        reason = (values.get("offer_override_reason") or "").strip()
        offer = values.get("offer_override")
        if len(reason) > SHORT_TEXT_MAX_LENGTH:
            errors["offer_override_reason"] = _("Keep it under %(limit)s characters.") % {
                "limit": SHORT_TEXT_MAX_LENGTH
            }
        if offer is not None and offer < 0:
            errors["offer_override"] = _("Enter an amount of zero or more.")
        elif offer is not None and offer > MAX_MONTHLY_AMOUNT:
            errors["offer_override"] = _("That is more than ¥10,000,000 a month: check the figure.")
        elif offer is not None and not reason:
            errors["offer_override_reason"] = _(
                "Say why you offer this lender something other than its fair share (for example: to clear "
                "a small debt first)."
            )
        values["offer_override_reason"] = reason if offer is not None else ""
    elif step == "schedule":
        days = values.get("requested_deferral_days")
        if days is not None and not 0 <= days <= MAX_DEFERRAL_DAYS:
            errors["requested_deferral_days"] = _("Enter a number of days between 0 and %(max)s.") % {
                "max": MAX_DEFERRAL_DAYS
            }
    if errors:
        raise ValidationError(errors)
    return values


def _payments_check(payments: list[ScheduledPayment], *, today: dt.date) -> None:
    """Refuse rows that cannot be saved: past dates, two payments on one day, amounts not above zero."""
    row_errors: dict[int, dict[str, str]] = {}
    seen: dict[dt.date, int] = {}
    if len(payments) > MAX_PAYMENTS:
        row_errors[MAX_PAYMENTS] = {
            "due_on": _("A schedule can have at most %(max)s payments.") % {"max": MAX_PAYMENTS}
        }
    for index, payment in enumerate(payments):
        errors: dict[str, str] = {}
        if payment.due_on < today:
            errors["due_on"] = _("This date has passed. Payments can only be planned from today on.")
        elif payment.due_on > today + dt.timedelta(days=PAYMENT_FUTURE_DAYS):
            errors["due_on"] = _("This date is too far away. Check the year.")
        elif payment.due_on in seen:
            errors["due_on"] = _("Another payment is already on this date. Combine them into one.")
        seen.setdefault(payment.due_on, index)
        if payment.amount is None or payment.amount <= 0:
            errors["amount"] = _("Enter an amount above zero, or remove the row.")
        if errors:
            row_errors[index] = errors
    if row_errors:
        raise InvalidSchedule(row_errors)


def _payments_replace(*, case: Case, payments: Iterable[ScheduledPayment]) -> None:
    Payment.objects.filter(case=case).delete()
    Payment.objects.bulk_create(
        [
            Payment(case=case, due_on=p.due_on, amount=p.amount)
            for p in sorted(payments, key=lambda p: p.due_on)
        ]
    )


def _leave_ready_if_errors(*, case: Case, by, today: dt.date) -> bool:
    """A READY case whose edit introduced errors goes back to DRAFT (it is no longer fit to present)."""
    if case.status != Status.READY:
        return False
    if not has_errors(validate(case, today=today)):
        return False
    case_status_change(
        case=case, to_status=Status.DRAFT, by=by, note=_("Edited by the borrower; the plan has errors again.")
    )
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
    values = _step_values(step, cleaned_data, today=today)
    payments = cleaned_data.get("payments") if step == "schedule" else None
    if payments is not None:
        payments = [ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in payments]
        _payments_check(payments, today=today)
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
) -> StepSaved:
    """Replace the whole schedule of `case` (a suggestion, or a change after a counter-offer) and record a
    new plan version when the plan changed. Same locking and refusals as `case_step_save`."""
    today = today or timezone.localdate()
    payments = [ScheduledPayment(due_on=p.due_on, amount=p.amount) for p in payments]
    _payments_check(payments, today=today)
    with transaction.atomic():
        fresh = _claim_version(case=case, expected_version=expected_version)
        _payments_replace(case=fresh, payments=payments)
        plan_version_record(case=fresh, by=by)
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


#: Statuses in which the borrower is still working on the plan: a draft, or a plan a counselor sent back.
UNFINISHED_STATUSES = frozenset({Status.DRAFT, Status.NEEDS_CHANGES})


def case_is_unfinished(case: Case) -> bool:
    """True while the borrower still has to finish the plan in the wizard (draft, or sent back for changes)."""
    return case.status in UNFINISHED_STATUSES


# Reading: what a counselor asked for when sending the plan back.


@dataclass(frozen=True)
class CounselorRequest:
    """What a counselor asked the borrower to change when they sent the plan back ("needs changes").

    `note` is the reason written with the status move (may be empty), `asked_at` when it was written (None
    when the move was not recorded), `steps` the wizard steps where the person makes the changes. Who the
    counselor is stays out: the borrower is told "a counselor"."""

    note: str
    asked_at: dt.datetime | None
    steps: tuple[str, ...]


def counselor_request(case: Case, *, findings: Iterable[Finding] = ()) -> CounselorRequest | None:
    """While `case` is in NEEDS_CHANGES: the note and time of the latest move to it, and the steps to fix
    (the steps of `findings` that are errors or warnings, in wizard order, else the step the person left
    the wizard at). None in any other status. Reads `case.status_changes.all()` (prefetch it); review notes
    are counselor-internal and never read here."""
    if case.status != Status.NEEDS_CHANGES:
        return None
    moves = [change for change in case.status_changes.all() if change.to_status == Status.NEEDS_CHANGES]
    latest = max(moves, key=lambda change: (change.changed_at, change.pk), default=None)
    flagged = {finding.step for finding in findings if finding.severity in (Severity.ERROR, Severity.WARNING)}
    steps = tuple(step for step in WIZARD_STEPS if step in flagged and step != "review")
    if not steps:
        steps = (case.wizard_step if case.wizard_step in WIZARD_STEPS else "review",)
    return CounselorRequest(
        note=(latest.note if latest is not None else "").strip(),
        asked_at=latest.changed_at if latest is not None else None,
        steps=steps,
    )


# Reading: the person's list of cases, most urgent first.

#: "Due soon": the due date is today or within this many days (the same as validation's DUE_SOON finding).
DUE_SOON_DAYS = URGENT_DAYS


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    FOLLOW_UP_DUE = "follow_up_due"
    NONE = "none"


def due_urgency(*, due_date: dt.date | None, status: str, today: dt.date) -> Urgency:
    """OVERDUE when the bill's due date has passed, DUE_SOON when it is today or within DUE_SOON_DAYS,
    NONE otherwise, without a due date, or once the case is settled (approved or closed)."""
    if due_date is None or status in SETTLED_STATUSES:
        return Urgency.NONE
    days = (due_date - today).days
    if days < 0:
        return Urgency.OVERDUE
    if days <= DUE_SOON_DAYS:
        return Urgency.DUE_SOON
    return Urgency.NONE


URGENCY_ORDER = {Urgency.OVERDUE: 0, Urgency.DUE_SOON: 1, Urgency.FOLLOW_UP_DUE: 2, Urgency.NONE: 3}


@dataclass(frozen=True)
class CaseOverview:
    """One line of the person's case list: the case and what needs attention."""

    case: Case
    urgency: Urgency
    days_to_due: int | None
    next_payment: ScheduledPayment | None
    follow_up: FollowUp | None
    counselor_request: CounselorRequest | None = None

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_to_due or 0))

    @property
    def unfinished(self) -> bool:
        """The plan is still being worked on: the list offers "continue" in the wizard."""
        return case_is_unfinished(self.case)

    @property
    def resume_step(self) -> str:
        """Where "continue" takes the person: the step they were on when they last saved."""
        return self.case.wizard_step if self.case.wizard_step in WIZARD_STEPS else WIZARD_STEPS[0]


def case_overview(case: Case, *, today: dt.date, now: dt.datetime) -> CaseOverview:
    """What needs attention on `case`: the bill overdue or due soon (`due_urgency`), else a
    follow-up whose time has come; and what a counselor asked for (`counselor_request`). Reads
    `case.payments.all()`, `case.contacts.all()` and, when the plan was sent back, `case.status_changes.all()`
    (prefetch them)."""
    follow_up = case_follow_up(list(case.contacts.all()), now=now)
    next_payment = next((p for p in case_schedule(case).payments if p.due_on >= today), None)
    days_to_due = (case.due_date - today).days if case.due_date else None
    urgency = due_urgency(due_date=case.due_date, status=case.status, today=today)
    if (
        urgency == Urgency.NONE
        and follow_up is not None
        and follow_up.is_due
        and case.status != Status.CLOSED
    ):
        urgency = Urgency.FOLLOW_UP_DUE
    return CaseOverview(
        case=case,
        urgency=urgency,
        days_to_due=days_to_due,
        next_payment=next_payment,
        follow_up=follow_up,
        counselor_request=counselor_request(case),
    )


def case_overviews(
    cases: Iterable[Case], *, today: dt.date | None = None, now: dt.datetime | None = None
) -> list[CaseOverview]:
    """`case_overview` for each case, most urgent first; within the same urgency a plan a counselor sent back
    comes first (the person has to act on it), then by due date, then the latest changed."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    overviews = [case_overview(case, today=today, now=now) for case in cases]
    overviews.sort(key=lambda o: -o.case.updated_at.timestamp())
    overviews.sort(
        key=lambda o: (
            URGENCY_ORDER[o.urgency],
            o.counselor_request is None,
            o.case.due_date or dt.date.max,
        )
    )
    return overviews
