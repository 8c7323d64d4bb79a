"""What the wizard shows as the person types, computed by the server: nothing is saved, and the browser
only displays the partial it gets back (static/js holds no money arithmetic).

- `schedule_preview`: the schedule step's running total, what must be repaid, the verdict on the total
  (the same finding, with the same severity, that validation reports) and which typed rows fall in a
  calendar month over the monthly offer (services.assessment).
"""

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Case
from .assessment import PlanAssessment, plan_assessment
from .findings import Finding
from .schedule import ScheduledPayment
from .validation import schedule_total_findings


@dataclass(frozen=True)
class SchedulePreview:
    """The running total of the typed rows and the verdict on it."""

    assessment: PlanAssessment
    finding: Finding | None
    over_rows: tuple[int, ...]

    @property
    def severity(self) -> str:
        """ "error" or "warning" as validation grades the total, "ok" when it adds up exactly, "" when it
        cannot be judged (no rows, no amount due)."""
        if self.finding is not None:
            return self.finding.severity
        if self.assessment.schedule.payments and self.assessment.amount_to_repay is not None:
            return "ok"
        return ""


def schedule_preview(
    *, case: Case, deferral_days: int | None, rows: Sequence[tuple[int, ScheduledPayment]]
) -> SchedulePreview:
    """The preview of `case` with the typed `deferral_days` and `rows` ((row index, payment) pairs of the
    complete rows); the case itself is not changed."""
    draft = copy.copy(case)
    draft.requested_deferral_days = deferral_days
    assessment = plan_assessment(draft, payments=[payment for _, payment in rows], contacts=())
    findings = schedule_total_findings(draft, assessment=assessment)
    return SchedulePreview(
        assessment=assessment,
        finding=findings[0] if findings else None,
        over_rows=tuple(index for index, payment in rows if assessment.payment_over_offer(payment)),
    )
