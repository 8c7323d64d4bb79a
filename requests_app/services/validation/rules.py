"""The rule table of the checks: each finding code's severity and wizard step, the thresholds, and the
helper that builds a finding from its code. The codes are documented in the package docstring."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ..assessment import DUE_SOON_DAYS
from ..findings import Finding, Severity, Step

URGENT_DAYS = DUE_SOON_DAYS  # the old name of the one window
FIRST_PAYMENT_TOLERANCE_DAYS = 31
MIN_NARRATIVE_CHARS_CJK = 20
MIN_NARRATIVE_CHARS_OTHER = 60
INSTALLMENT_TOLERANCE_PER_PERIOD = Decimal("1.00")

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Rule:
    severity: Severity
    step: Step


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    "LENDER_MISSING": Rule(ERROR, Step.LENDER),
    "AMOUNT_DUE_MISSING": Rule(ERROR, Step.LENDER),
    "AMOUNT_DUE_NOT_POSITIVE": Rule(ERROR, Step.LENDER),
    "DUE_DATE_MISSING": Rule(ERROR, Step.LENDER),
    "REPAYMENT_MODE_MISSING": Rule(ERROR, Step.MODE),
    "DEFERRAL_MISSING": Rule(ERROR, Step.SCHEDULE),
    "FINANCES_MISSING": Rule(ERROR, Step.FINANCES),
    "HARDSHIP_CATEGORY_MISSING": Rule(ERROR, Step.HARDSHIP),
    "HARDSHIP_NARRATIVE_MISSING": Rule(ERROR, Step.HARDSHIP),
    "INSTALLMENT_FIELDS_MISSING": Rule(ERROR, Step.MODE),
    "INSTALLMENT_FIELDS_UNEXPECTED": Rule(ERROR, Step.MODE),
    "INSTALLMENTS_REMAINING_ABOVE_TOTAL": Rule(ERROR, Step.MODE),
    "INSTALLMENTS_INCONSISTENT": Rule(WARNING, Step.MODE),
    "HARDSHIP_NARRATIVE_SHORT": Rule(WARNING, Step.HARDSHIP),
    "HARDSHIP_SINCE_MISSING": Rule(WARNING, Step.HARDSHIP),
    "HARDSHIP_SINCE_IN_FUTURE": Rule(ERROR, Step.HARDSHIP),
    "HARDSHIP_END_NOT_AFTER_SINCE": Rule(ERROR, Step.HARDSHIP),
    "CAPACITY_NOT_POSITIVE": Rule(WARNING, Step.FINANCES),
    "TOKEN_OFFER": Rule(INFO, Step.FINANCES),
    "OFFERS_OVER_AVAILABLE": Rule(ERROR, Step.FINANCES),
    "BUDGET_NOT_CHECKED": Rule(WARNING, Step.FINANCES),
    "SCHEDULE_MISSING": Rule(ERROR, Step.SCHEDULE),
    "SCHEDULE_SHORT": Rule(ERROR, Step.SCHEDULE),
    "SCHEDULE_OVER": Rule(WARNING, Step.SCHEDULE),
    "PAYMENT_NOT_POSITIVE": Rule(ERROR, Step.SCHEDULE),
    "PAYMENT_DATE_REPEATED": Rule(ERROR, Step.SCHEDULE),
    "PAYMENT_IN_PAST": Rule(ERROR, Step.SCHEDULE),
    "FIRST_PAYMENT_BEFORE_DEFERRAL_END": Rule(ERROR, Step.SCHEDULE),
    "FIRST_PAYMENT_LONG_AFTER_DEFERRAL": Rule(ERROR, Step.SCHEDULE),
    "PAYMENT_OVER_CAPACITY": Rule(ERROR, Step.SCHEDULE),
    "CHARGES_UNKNOWN": Rule(INFO, Step.SCHEDULE),
    "DEFERRAL_OVER_LENDER_LIMIT": Rule(WARNING, Step.SCHEDULE),
    "DEFERRAL_LIMIT_UNKNOWN": Rule(INFO, Step.SCHEDULE),
    "TERM_OVER_LENDER_LIMIT": Rule(WARNING, Step.SCHEDULE),
    "TERM_LIMIT_UNKNOWN": Rule(INFO, Step.SCHEDULE),
    "PLAN_OUTSIDE_PROGRAMMES": Rule(WARNING, Step.SCHEDULE),
    "DUE_SOON": Rule(WARNING, Step.REVIEW),
    "DUE_DATE_PASSED": Rule(WARNING, Step.REVIEW),
    "PLAN_CHANGED_SINCE_CONTACT": Rule(WARNING, Step.REVIEW),
}


def _work_it_out() -> str:
    """The name of the wizard's button that suggests a schedule, as the hints refer to it."""
    return _("“Work it out for me”")


def _finding(code: str, fields: Iterable[str], message: str, hint: str) -> Finding:
    rule = RULES[code]
    return Finding(
        code=code, severity=rule.severity, fields=tuple(fields), message=message, hint=hint, step=rule.step
    )


def narrative_length(text: str) -> int:
    """Characters that carry meaning: whitespace does not count."""
    return len("".join(text.split()))


def narrative_minimum(text: str) -> int:
    """The shortest narrative that can explain a cause: 20 characters of Chinese, 60 of other scripts."""
    return MIN_NARRATIVE_CHARS_CJK if CJK.search(text) else MIN_NARRATIVE_CHARS_OTHER
