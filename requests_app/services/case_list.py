"""Selectors for the person's list of cases: what needs attention on each case (the bill overdue or due
soon, a follow-up whose time has come, a plan a counselor sent back), most urgent first."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from ..models import Case
from .assessment import DUE_SOON_DAYS, URGENCY_ORDER, Urgency, due_urgency, plan_assessment
from .contact_history import FollowUp
from .findings import Finding, Severity
from .schedule import ScheduledPayment
from .wizard import WIZARD_STEPS, resume_step

__all__ = [  # urgency is decided in services.assessment; re-exported for callers of the case list
    "DUE_SOON_DAYS",
    "URGENCY_ORDER",
    "UNFINISHED_STATUSES",
    "CaseOverview",
    "CounselorRequest",
    "Urgency",
    "case_is_unfinished",
    "case_overview",
    "case_overviews",
    "counselor_request",
    "due_urgency",
]

Status = Case.Status

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
        """Where "continue" takes the person (wizard.resume_step)."""
        return resume_step(self.case)


def case_overview(case: Case, *, today: dt.date, now: dt.datetime) -> CaseOverview:
    """What needs attention on `case`, as its assessment says (the bill overdue or due soon, else a
    follow-up that is due; never for a settled case), and what a counselor asked for (`counselor_request`).
    Reads `case.payments.all()`, `case.contacts.all()` and, when the plan was sent back,
    `case.status_changes.all()` (prefetch them)."""
    assessment = plan_assessment(case, today=today, now=now)
    next_payment = next((p for p in assessment.schedule.payments if p.due_on >= today), None)
    return CaseOverview(
        case=case,
        urgency=assessment.urgency,
        days_to_due=assessment.days_to_due,
        next_payment=next_payment,
        follow_up=assessment.follow_up,
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
