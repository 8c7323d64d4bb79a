"""The escalation ladder and the clocks it runs on. Recording "complaint sent" (an EscalationStep) starts
them: the lender answers a simple complaint within 15 days, a complex one within 30, and within 30 more
when it extends with approval; after its answer the borrower has 30 days to ask its higher-level office for
a review, which decides within 30 days; a credit-report dispute is answered within 20 days.

Days are counted here from the day the borrower recorded (the lender counts from the day it accepted the
complaint, which may be a little later): a reminder on the day is on the safe side. Every rule carries its
source and is shown with "check the current rules"."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Case, Confidence, EscalationStep
from .text_limits import ESCALATION_NOTES_MAX_LENGTH as NOTES_MAX_LENGTH
from .text_limits import REFERENCE_MAX_LENGTH, length_refusals

Kind = EscalationStep.Kind

SIMPLE_COMPLAINT_DAYS = 15
COMPLEX_COMPLAINT_DAYS = 30
EXTENSION_DAYS = 30
REVIEW_WINDOW_DAYS = 30
REVIEW_DECISION_DAYS = 30
CREDIT_DISPUTE_DAYS = 20

OLDEST_STEP = dt.timedelta(days=3 * 366)


@dataclass(frozen=True)
class RuleSource:
    """Where a rule comes from, how sure we are, and when it was read."""

    code: str
    title: str
    url: str
    confidence: str
    seen: dt.date


_COMPLAINT_RULES = (
    "COMPLAINT_RULES",
    gettext_lazy(
        "Measures on handling banking and insurance consumer complaints (in force 1 March 2020), art. 21–24"
    ),
    "http://www.jianbiaoku.com/webarbs/book/164455/4714059.shtml",
)
_CREDIT_RULES = (
    "CREDIT_REPORTING_RULES",
    gettext_lazy("Regulations on the administration of the credit reporting industry, art. 25"),
    "https://m.shoulawyer.com/zhishi/286830.htm",
)
_REGULATOR = (
    "REGULATOR_CHANNELS",
    gettext_lazy("NFRA: the 12378 hotline and the financial consumer protection service platform"),
    "https://gzdaily.dayoo.com/pc/html/2024-05-13/content_875_857913.htm",
)
SEEN = dt.date(2026, 12, 1)


def _source(rule) -> RuleSource:
    code, title, url = rule
    # Read in reposts of the official text, not on the regulator's own site: "reported", never "official".
    return RuleSource(
        code=code, title=str(title), url=url, confidence=str(Confidence.REPORTED.label), seen=SEEN
    )


def rule_sources() -> tuple[RuleSource, ...]:
    """Every source the ladder relies on, for the page's "rules and sources" list."""
    return tuple(_source(rule) for rule in (_COMPLAINT_RULES, _CREDIT_RULES, _REGULATOR))


@dataclass(frozen=True)
class Deadline:
    """One date the ladder runs on. `state` is "upcoming", "today" or "passed" (as of the page's day); a
    deadline already met (the lender answered) is not listed at all."""

    code: str
    due: dt.date
    title: str
    if_passed: str
    source: RuleSource
    state: str
    reference: str = ""

    @property
    def passed(self) -> bool:
        return self.state == "passed"


@dataclass(frozen=True)
class EscalationClocks:
    """The open deadlines, earliest first, and what they mean for the next move."""

    deadlines: tuple[Deadline, ...]
    complaint_sent: dt.date | None
    complaint_answered: dt.date | None
    complaint_overdue: bool
    review_window_open: bool
    regulator_contacted: bool

    @property
    def next_due(self) -> Deadline | None:
        """The next deadline still ahead (or today)."""
        return next((d for d in self.deadlines if not d.passed), None)

    @property
    def passed(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.passed)


def _state(due: dt.date, today: dt.date) -> str:
    if due < today:
        return "passed"
    return "today" if due == today else "upcoming"


def _latest(steps, kind, *, on_or_after: dt.date | None = None):
    found = [s for s in steps if s.kind == kind and (on_or_after is None or s.occurred_on >= on_or_after)]
    return max(found, key=lambda s: (s.occurred_on, s.pk or 0), default=None)


def escalation_clocks(*, steps: Iterable[EscalationStep], today: dt.date | None = None) -> EscalationClocks:
    """The deadlines the recorded steps start, as of `today` (default: today in Asia/Shanghai). Works on a
    prefetched list; no query of its own."""
    today = today or timezone.localdate()
    steps = list(steps)
    deadlines: list[Deadline] = []
    complaint_rules = _source(_COMPLAINT_RULES)

    sent = _latest(steps, Kind.COMPLAINT_SENT)
    answered = _latest(steps, Kind.COMPLAINT_ANSWERED, on_or_after=sent.occurred_on) if sent else None
    extended = _latest(steps, Kind.COMPLAINT_EXTENDED, on_or_after=sent.occurred_on) if sent else None
    regulator = _latest(steps, Kind.REGULATOR_CONTACTED, on_or_after=sent.occurred_on if sent else None)
    overdue = False
    review_open = False

    if sent is not None and answered is None:
        start = sent.occurred_on
        simple = start + dt.timedelta(days=SIMPLE_COMPLAINT_DAYS)
        complex_ = start + dt.timedelta(days=COMPLEX_COMPLAINT_DAYS)
        final = complex_ + dt.timedelta(days=EXTENSION_DAYS) if extended else complex_
        reference = sent.reference
        deadlines.append(
            Deadline(
                code="COMPLAINT_SIMPLE_ANSWER",
                due=simple,
                title=_("A simple complaint should be answered by now (15 days)"),
                if_passed=_(
                    "Call the lender's complaint line, quote your complaint number and ask when you will have "
                    "the answer and whether they treat it as complex (up to 30 days)."
                ),
                source=complaint_rules,
                state=_state(simple, today),
                reference=reference,
            )
        )
        deadlines.append(
            Deadline(
                code="COMPLAINT_COMPLEX_ANSWER",
                due=complex_,
                title=_("Latest answer for a complex complaint (30 days)"),
                if_passed=_(
                    "Unless the lender told you it extended the time with approval, it is late: take it to the "
                    "regulator (12378 or the financial consumer protection platform) with your timeline."
                ),
                source=complaint_rules,
                state=_state(complex_, today),
                reference=reference,
            )
        )
        if extended:
            deadlines.append(
                Deadline(
                    code="COMPLAINT_EXTENDED_ANSWER",
                    due=final,
                    title=_("Latest answer after the lender's extension (30 more days)"),
                    if_passed=_(
                        "The lender is late even with its extension: take it to the regulator (12378 or the "
                        "financial consumer protection platform) with your timeline."
                    ),
                    source=complaint_rules,
                    state=_state(final, today),
                    reference=reference,
                )
            )
        overdue = final < today
    if answered is not None:
        window = answered.occurred_on + dt.timedelta(days=REVIEW_WINDOW_DAYS)
        review = _latest(steps, Kind.REVIEW_REQUESTED, on_or_after=answered.occurred_on)
        if review is None:
            review_open = today <= window
            deadlines.append(
                Deadline(
                    code="REVIEW_WINDOW_CLOSES",
                    due=window,
                    title=_("Last day to ask the lender's higher-level office for a review (30 days)"),
                    if_passed=_(
                        "The review window has closed. You can still ask for financial dispute mediation, "
                        "complain to the regulator (12378), or go to arbitration or court."
                    ),
                    source=complaint_rules,
                    state=_state(window, today),
                    reference=answered.reference or (sent.reference if sent else ""),
                )
            )
        else:
            decision = review.occurred_on + dt.timedelta(days=REVIEW_DECISION_DAYS)
            deadlines.append(
                Deadline(
                    code="REVIEW_DECISION",
                    due=decision,
                    title=_("The review should be decided by now (30 days)"),
                    if_passed=_(
                        "Ask the office for its decision, quoting your reference; if there is none, take it to "
                        "the regulator (12378) or ask for mediation."
                    ),
                    source=complaint_rules,
                    state=_state(decision, today),
                    reference=review.reference,
                )
            )

    dispute = _latest(steps, Kind.CREDIT_DISPUTE_SENT)
    if (
        dispute is not None
        and _latest(steps, Kind.CREDIT_DISPUTE_ANSWERED, on_or_after=dispute.occurred_on) is None
    ):
        due = dispute.occurred_on + dt.timedelta(days=CREDIT_DISPUTE_DAYS)
        deadlines.append(
            Deadline(
                code="CREDIT_DISPUTE_ANSWER",
                due=due,
                title=_("Written answer to your credit report dispute (20 days)"),
                if_passed=_(
                    "No written answer yet: contact the credit reference centre or the lender again with your "
                    "reference, and complain to the regulator (12378) if it stays unanswered."
                ),
                source=_source(_CREDIT_RULES),
                state=_state(due, today),
                reference=dispute.reference,
            )
        )

    deadlines.sort(key=lambda d: (d.due, d.code))
    return EscalationClocks(
        deadlines=tuple(deadlines),
        complaint_sent=sent.occurred_on if sent else None,
        complaint_answered=answered.occurred_on if answered else None,
        complaint_overdue=overdue,
        review_window_open=review_open,
        regulator_contacted=regulator is not None,
    )


#: What each kind needs recorded before it (an answer needs something to answer).
_NEEDS = {
    Kind.COMPLAINT_EXTENDED: Kind.COMPLAINT_SENT,
    Kind.COMPLAINT_ANSWERED: Kind.COMPLAINT_SENT,
    Kind.REVIEW_REQUESTED: Kind.COMPLAINT_ANSWERED,
    Kind.CREDIT_DISPUTE_ANSWERED: Kind.CREDIT_DISPUTE_SENT,
}


def escalation_step_record(
    *,
    case: Case,
    by,
    kind: str,
    occurred_on: dt.date,
    reference: str = "",
    notes: str = "",
    today: dt.date | None = None,
) -> EscalationStep:
    """Record one step (e.g. "complaint sent on …"); the clocks follow from it. Raises ValidationError by
    field, each with a code: a date in the future (`future`), too long ago (`too_old`), before the step it
    answers (`before_previous`), an answer to nothing (`nothing_to_answer`), text too long (`max_length`)."""
    today = today or timezone.localdate()
    reference = (reference or "").strip()
    notes = (notes or "").strip()
    errors: dict[str, ValidationError] = {}
    if kind not in Kind.values:
        errors["kind"] = ValidationError(_("Choose what happened."), code="invalid_choice")
    if occurred_on > today:
        errors["occurred_on"] = ValidationError(
            _("This date is in the future. Record a step on or after the day it happened."), code="future"
        )
    elif occurred_on < today - OLDEST_STEP:
        errors["occurred_on"] = ValidationError(_("This is too long ago. Check the year."), code="too_old")
    errors.update(
        length_refusals(
            {"reference": reference, "notes": notes},
            {"reference": REFERENCE_MAX_LENGTH, "notes": NOTES_MAX_LENGTH},
        )
    )
    needed = _NEEDS.get(kind)
    if needed and "occurred_on" not in errors and "kind" not in errors:
        earlier = [s for s in case.escalation_steps.all() if s.kind == needed]
        if not earlier:
            errors["kind"] = ValidationError(
                _("Record “%(needed)s” first: this step answers it.") % {"needed": Kind(needed).label},
                code="nothing_to_answer",
            )
        elif all(s.occurred_on > occurred_on for s in earlier):
            errors["occurred_on"] = ValidationError(
                _("This is before the step it follows (%(date)s). Check the date.")
                % {"date": min(s.occurred_on for s in earlier).isoformat()},
                code="before_previous",
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        step = EscalationStep(
            case=case, kind=kind, occurred_on=occurred_on, reference=reference, notes=notes, recorded_by=by
        )
        step.full_clean(exclude=["recorded_by"])
        step.save()
    return step
