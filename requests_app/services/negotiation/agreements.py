"""Agreed terms: once the lender has agreed (the case is approved), the plan is the agreed schedule. Each
payment is tracked (paid, missed, due soon, upcoming, or past and not recorded), the borrower records a
payment made or missed, and a missed payment prompts a call to the lender before the next date, with a
script. The calendar file (services.calendar) reminds the evening before each payment."""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Case, PaymentRecord
from ..formatting import long_date, money
from ..refusals import CaseClosed, Refusal
from ..schedule import case_schedule

#: A payment this many days ahead (or fewer) is "due soon" and the case page reminds the borrower.
REMIND_DAYS = 3


class PaymentState(StrEnum):
    PAID = "paid"
    MISSED = "missed"
    UNRECORDED = "unrecorded"  # the date has passed and nothing was recorded
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"


class NotAgreed(Refusal):
    """Payments are recorded only against an agreed schedule."""

    code = "not_agreed"

    def __init__(self):
        super().__init__(_("Payments are recorded once the lender has agreed to a plan."))


@dataclass(frozen=True)
class TrackedPayment:
    due_on: dt.date
    amount: Decimal
    state: PaymentState
    record: PaymentRecord | None
    can_miss: bool  # its date has come and it is not already recorded missed


@dataclass(frozen=True)
class AgreedSchedule:
    """The agreed payments in date order with their state; `next_payment` the first not paid and not past;
    `missed` the payments missed or past without a record; `reminder` the payment due within REMIND_DAYS."""

    payments: tuple[TrackedPayment, ...]
    next_payment: TrackedPayment | None
    missed: tuple[TrackedPayment, ...]
    reminder: TrackedPayment | None
    paid_total: Decimal


def is_agreed(case: Case) -> bool:
    return case.status == Case.Status.APPROVED


def records_in_effect(case: Case) -> dict[dt.date, PaymentRecord]:
    """The borrower's record for each payment date: the latest one (a later record for a date, such as "paid
    after all", replaces it). Reads `case.payment_records.all()`."""
    latest: dict[dt.date, PaymentRecord] = {}
    for record in sorted(case.payment_records.all(), key=lambda r: (r.created_at, r.pk)):
        latest[record.due_on] = record
    return latest


def agreed_schedule(case: Case, *, today: dt.date | None = None) -> AgreedSchedule | None:
    """The tracked agreed schedule of `case`, or None when no plan is agreed. Reads `case.payments.all()`
    and `case.payment_records.all()` (records_in_effect)."""
    if not is_agreed(case):
        return None
    today = today or timezone.localdate()
    latest = records_in_effect(case)
    tracked = []
    for payment in case_schedule(case).payments:
        record = latest.get(payment.due_on)
        if record is not None:
            state = PaymentState(record.result)
        elif payment.due_on < today:
            state = PaymentState.UNRECORDED
        elif (payment.due_on - today).days <= REMIND_DAYS:
            state = PaymentState.DUE_SOON
        else:
            state = PaymentState.UPCOMING
        tracked.append(
            TrackedPayment(
                due_on=payment.due_on,
                amount=payment.amount,
                state=state,
                record=record,
                can_miss=payment.due_on <= today and state != PaymentState.MISSED,
            )
        )
    open_ = [p for p in tracked if p.state in (PaymentState.DUE_SOON, PaymentState.UPCOMING)]
    return AgreedSchedule(
        payments=tuple(tracked),
        next_payment=open_[0] if open_ else None,
        missed=tuple(p for p in tracked if p.state in (PaymentState.MISSED, PaymentState.UNRECORDED)),
        reminder=next((p for p in tracked if p.state == PaymentState.DUE_SOON), None),
        paid_total=sum((p.amount for p in tracked if p.state == PaymentState.PAID), Decimal("0.00")),
    )


def payment_record_add(
    *,
    case: Case,
    by,
    idempotency_key: uuid.UUID,
    due_on: dt.date,
    result: str,
    today: dt.date | None = None,
) -> PaymentRecord:
    """Record that the agreed payment due on `due_on` was paid or missed. Idempotent on the key. Refuses
    CaseClosed, NotAgreed; ValidationError for a date not in the schedule or "missed" before the date."""
    existing = PaymentRecord.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if case.status == Case.Status.CLOSED:
        raise CaseClosed()
    if not is_agreed(case):
        raise NotAgreed()
    today = today or timezone.localdate()
    if result not in PaymentRecord.Result.values:
        raise ValidationError({"result": _("Choose paid or missed.")})
    payment = next((p for p in case_schedule(case).payments if p.due_on == due_on), None)
    if payment is None:
        raise ValidationError({"due_on": _("This date is not in your agreed schedule.")})
    if result == PaymentRecord.Result.MISSED and due_on > today:
        raise ValidationError(
            {"due_on": _("This payment is not due yet: it cannot be missed before its date.")}
        )
    try:
        with transaction.atomic():
            return PaymentRecord.objects.create(
                case=case,
                due_on=due_on,
                amount_due=payment.amount,
                result=result,
                amount_paid=payment.amount if result == PaymentRecord.Result.PAID else None,
                recorded_by=by,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        existing = PaymentRecord.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing


def missed_payment_script(
    *, case: Case, missed: TrackedPayment, next_payment: TrackedPayment | None
) -> tuple[str, ...]:
    """What to say to the lender after a missed payment, before the next date: own it, say when it will be
    paid, ask to keep the agreement and to waive the penalty."""
    lender = case.lender.name if case.lender_id else _("your lender")
    lines = [
        _("Hello, I have an agreed repayment plan with %(lender)s.") % {"lender": lender},
        _("I could not make the payment of %(amount)s due on %(date)s, and I want to put it right.")
        % {"amount": money(missed.amount), "date": long_date(missed.due_on)},
    ]
    if next_payment is not None:
        lines.append(
            _("I will pay it together with the next payment on %(date)s, or earlier if I can.")
            % {"date": long_date(next_payment.due_on)}
        )
    lines += [
        _("Can we keep the agreement as it is?"),
        _("Could you waive the penalty interest for this delay?"),
        _("Please note this call; may I have the ticket number?"),
    ]
    return tuple(lines)
