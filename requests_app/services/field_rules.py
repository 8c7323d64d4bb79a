"""The rules a case's own values obey, each decided once (rules 9 and 10 of the structure review):

- installment figures (`installment_problems`): 2 to MAX_INSTALLMENT_PERIODS periods in total, at least one
  left and never more left than in total, an amount per period above zero;
- hardship dates (`hardship_date_problems`): the start not after today nor decades ago, the expected end
  not passed, after the start, not decades ahead;
- schedule rows (`payment_row_problems`, `ScheduledPayment` rows as `schedule.payment_rows` and the forms'
  `payments()` give them): a date from today on and not decades ahead, one payment a day, an amount above
  zero, at most MAX_PAYMENTS rows.

Each function answers stable lower-case codes by field, in the order a person should hear them. The saves
(`wizard.step_values`, `wizard.payments_check`) refuse the first code of each field with its message; the
findings (`validation`) report the codes that still matter for data already stored (written before a
rule existed, or by the demo seeder): HARDSHIP_SINCE_IN_FUTURE, HARDSHIP_END_NOT_AFTER_SINCE,
INSTALLMENTS_REMAINING_ABOVE_TOTAL, PAYMENT_NOT_POSITIVE, PAYMENT_DATE_REPEATED, PAYMENT_IN_PAST. The forms
only parse; the table constraints stay as the database's backstop. No database access here.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

MIN_INSTALLMENT_PERIODS = 2
MAX_INSTALLMENT_PERIODS = 360
MIN_PERIODS_LEFT = 1
MAX_PAYMENTS = 120

HARDSHIP_PAST_DAYS = 20 * 366
HARDSHIP_FUTURE_DAYS = 10 * 366
PAYMENT_FUTURE_DAYS = 20 * 366

Problems = dict[str, tuple[str, ...]]


def _add(problems: dict[str, list[str]], name: str, code: str) -> None:
    problems.setdefault(name, []).append(code)


def _frozen(problems: dict[str, list[str]]) -> Problems:
    return {name: tuple(codes) for name, codes in problems.items()}


def installment_problems(*, total: int | None, remaining: int | None, amount: Decimal | None) -> Problems:
    """What is wrong with the figures of an installment plan, by field (a missing figure is not judged)."""
    problems: dict[str, list[str]] = {}
    if total is not None and not MIN_INSTALLMENT_PERIODS <= total <= MAX_INSTALLMENT_PERIODS:
        _add(problems, "installments_total", "periods_out_of_range")
    if remaining is not None and remaining < MIN_PERIODS_LEFT:
        _add(problems, "installments_remaining", "no_period_left")
    if total is not None and remaining is not None and remaining > total:
        _add(problems, "installments_remaining", "periods_above_total")
    if amount is not None and amount <= 0:
        _add(problems, "installment_amount", "amount_not_positive")
    return _frozen(problems)


def hardship_date_problems(*, since: dt.date | None, end: dt.date | None, today: dt.date) -> Problems:
    """What is wrong with the hardship's start (`since`) and expected end, by field."""
    problems: dict[str, list[str]] = {}
    if since is not None:
        if since > today:
            _add(problems, "hardship_since", "date_in_future")
        elif since < today - dt.timedelta(days=HARDSHIP_PAST_DAYS):
            _add(problems, "hardship_since", "date_out_of_range")
    if end is not None:
        if end < today:
            _add(problems, "hardship_expected_end", "date_passed")
        if since is not None and end <= since:
            _add(problems, "hardship_expected_end", "end_not_after_start")
        if end > today + dt.timedelta(days=HARDSHIP_FUTURE_DAYS):
            _add(problems, "hardship_expected_end", "date_out_of_range")
    return _frozen(problems)


def payment_row_problems(payments: Sequence, *, today: dt.date) -> dict[int, Problems]:
    """What is wrong with each schedule row (rows with `due_on` and `amount`), by row index then field.
    A date seen on an earlier row is "date_repeated" on the later one."""
    rows: dict[int, Problems] = {}
    seen: set[dt.date] = set()
    for index, payment in enumerate(payments):
        problems: dict[str, list[str]] = {}
        if payment.due_on < today:
            _add(problems, "due_on", "date_passed")
        if payment.due_on > today + dt.timedelta(days=PAYMENT_FUTURE_DAYS):
            _add(problems, "due_on", "date_out_of_range")
        if payment.due_on in seen:
            _add(problems, "due_on", "date_repeated")
        seen.add(payment.due_on)
        if not payment_amount_pays(payment.amount):
            _add(problems, "amount", "amount_not_positive")
        if problems:
            rows[index] = _frozen(problems)
    return rows


def payment_amount_pays(amount: Decimal | None) -> bool:
    """A schedule row's amount pays something: known and above zero."""
    return amount is not None and amount > 0


def too_many_payments(payments: Sequence) -> bool:
    """More rows than a schedule may have."""
    return len(payments) > MAX_PAYMENTS


def rows_with(problems: dict[int, Problems], field: str, code: str) -> list[int]:
    """The indexes of the rows whose `field` has `code`, in order."""
    return [index for index, fields in sorted(problems.items()) if code in fields.get(field, ())]
