"""What the borrower should do next on a case, so the case page (and a phone) can put it first."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..models import Case, ContactAttempt, Lender, LenderChannel
from .assessment import PlanAssessment
from .contact_history import contacts_in_effect
from .findings import Finding, has_errors
from .wizard import resume_step

Status = Case.Status

#: A hotline people can dial: digits, with the spaces, dashes or leading + that numbers are written with.
_DIALLABLE = re.compile(r"\+?[0-9][0-9 \-]{2,18}[0-9]")


class NextStep(StrEnum):
    MAKE_CHANGES = "make_changes"  # a counselor sent the plan back
    FINISH_PLAN = "finish_plan"  # the wizard is not finished
    FIX_PLAN = "fix_plan"  # the plan has errors: no script or letter is ready yet
    FOLLOW_UP = "follow_up"  # the follow-up the person planned is due
    CONTACT_LENDER = "contact_lender"  # a ready plan nobody has presented yet
    RECORD_OUTCOME = "record_outcome"  # contacted: log what happens next, wait for the answer
    SETTLED = "settled"  # approved, refused or closed: nothing urgent


@dataclass(frozen=True)
class Hotline:
    """A lender's phone number as shown (`number`) and as a tel: link (`uri`)."""

    number: str
    uri: str


@dataclass(frozen=True)
class NextAction:
    """The one thing to do next on a case: `step` (NextStep), the wizard step to open for the plan steps,
    and the lender's hotline to call when the next step is a call."""

    step: NextStep
    wizard_step: str | None = None
    hotline: Hotline | None = None

    @property
    def is_contact(self) -> bool:
        return self.step in (NextStep.CONTACT_LENDER, NextStep.FOLLOW_UP, NextStep.RECORD_OUTCOME)


def lender_hotline(lender: Lender | None) -> Hotline | None:
    """The lender's first phone channel whose number can be dialled, as a tel: link; None when there is none.
    Reads `lender.channels.all()` (prefetch it)."""
    if lender is None:
        return None
    for channel in lender.channels.all():
        if channel.kind != LenderChannel.Kind.PHONE:
            continue
        number = (channel.contact or "").strip()
        if _DIALLABLE.fullmatch(number):
            return Hotline(number=number, uri="tel:" + re.sub(r"[ \-]", "", number))
    return None


def case_next_action(
    *,
    case: Case,
    assessment: PlanAssessment,
    findings: Iterable[Finding],
    contacts: Iterable[ContactAttempt],
    unfinished: bool,
) -> NextAction:
    """The next step on `case`, most pressing first: changes a counselor asked for, an unfinished or
    faulty plan, a follow-up that is due, a first contact, then waiting for the lender's answer. Settled
    and follow-up due are the assessment's verdicts."""
    if assessment.settled:
        return NextAction(step=NextStep.SETTLED)
    resume = resume_step(case)
    if case.status == Status.NEEDS_CHANGES:
        return NextAction(step=NextStep.MAKE_CHANGES, wizard_step=resume)
    if unfinished:
        return NextAction(step=NextStep.FINISH_PLAN, wizard_step=resume)
    if has_errors(list(findings)):
        return NextAction(step=NextStep.FIX_PLAN, wizard_step="review")
    hotline = lender_hotline(case.lender)
    if assessment.follow_up_due:
        return NextAction(step=NextStep.FOLLOW_UP, hotline=hotline)
    if not contacts_in_effect(contacts):
        return NextAction(step=NextStep.CONTACT_LENDER, hotline=hotline)
    return NextAction(step=NextStep.RECORD_OUTCOME, hotline=hotline)
