"""The case page's read: everything it shows, computed once from one fetch of the case.

`case_page_queryset(queryset)` fetches a case with everything the page reads (a fixed number of queries,
whatever the number of payments, contacts or versions); `case_page(case=..., viewer=...)` computes the
plan's assessment once and hands the same figures to the findings, the chart and the template.
"""

import datetime as dt
import functools
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from ..models import (
    Case,
    ContactAttempt,
    CounterOffer,
    EscalationStep,
    EvidenceFile,
    LetterDownload,
    PaymentRecord,
    PlanVersion,
    StatusChange,
)
from .access import case_is_shared
from .assessment import PlanAssessment, plan_assessment
from .case_list import CounselorRequest, case_is_unfinished, counselor_request
from .cases import case_accepts_changes
from .charts import ScheduleChart, schedule_chart
from .contact_history import TIMELINE_SHOWN, TimelineEntry, contact_timeline
from .costs import CostComparison, case_cost_comparison
from .evidence import EvidenceSection, evidence_section
from .findings import Finding, has_errors
from .household import case_household
from .lenders import LenderFact, lender_facts
from .letters import LettersOverview, letters_overview
from .negotiation.agreements import AgreedSchedule, agreed_schedule, missed_payment_script
from .negotiation.outcomes import CounterOfferView, counter_offer_views
from .negotiation.programmes import RepaymentOptions, repayment_options
from .next_action import NextAction, case_next_action
from .scams import case_notices, contact_notices
from .validation import validate
from .versions import PlanChange, changes_since_last_contact, last_presented_version
from .wizard import resume_step

#: What the case page reads of the case's own rows that a case often has none of (a case starts with no
#: counter-offers, payment records, sent-back moves, escalation steps or evidence): each is flagged with an
#: EXISTS read with the case, and prefetched only when the case has some (`case_page_prefetch`).
OPTIONAL_RELATIONS = {
    "counter_offers": CounterOffer,
    "payment_records": PaymentRecord,
    "status_changes": StatusChange,
    "escalation_steps": EscalationStep,
    "evidence_files": EvidenceFile,
}


def _rows(relation: str) -> QuerySet:
    """The rows of an optional relation that the page reads: of the status changes, the moves to "needs
    changes" (what `counselor_request` reads); of the others, every row."""
    model = OPTIONAL_RELATIONS[relation]
    if relation == "status_changes":
        return model.objects.filter(to_status=Case.Status.NEEDS_CHANGES)
    return model.objects.all()


def _has(relation: str) -> str:
    return f"case_page_has_{relation}"


@functools.cache
def _optional_flags() -> dict[str, Exists]:
    """The EXISTS flag of each optional relation, built once (a query resolves a copy of each)."""
    return {
        _has(relation): Exists(_rows(relation).filter(case=OuterRef("pk"))) for relation in OPTIONAL_RELATIONS
    }


def case_page_queryset(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """`queryset` with what the case page reads: the lender, payments, plan versions, contacts (with the
    version they presented and what they correct) and the letters downloaded (with their version's number,
    not its snapshot), and, flagged for `case_page`, whether the case has any of OPTIONAL_RELATIONS (the
    moves to "needs changes" for the status changes)."""
    return (
        queryset.select_related("lender")
        .annotate(**_optional_flags())
        .prefetch_related(
            "lender__channels",
            "lender__programmes",
            "payments",
            "plan_versions",
            Prefetch("contacts", queryset=ContactAttempt.objects.select_related("plan_version", "corrects")),
            Prefetch(
                "letter_downloads",
                queryset=LetterDownload.objects.select_related("plan_version").defer("plan_version__data"),
            ),
        )
    )


def case_page_prefetch(case: Case) -> None:
    """Prefetch the OPTIONAL_RELATIONS `case` has rows in (one query each) and mark the others empty, as
    Django's prefetch would, so that reading them makes no query. Without the flags of `case_page_queryset`,
    every one is prefetched."""
    present = [
        Prefetch(name, queryset=_rows(name)) for name in OPTIONAL_RELATIONS if getattr(case, _has(name), True)
    ]
    prefetch_related_objects([case], *present)
    for name in OPTIONAL_RELATIONS:
        if not getattr(case, _has(name), True):
            empty = getattr(case, name).get_queryset()
            empty._result_cache, empty._prefetch_done = [], True
            case._prefetched_objects_cache[name] = empty


@dataclass(frozen=True)
class CasePage:
    """What the case page shows. `assessment` holds the money, time and status facts; the rest are the
    findings, the chart and the contact history built from it, the letters and deadlines, and the scam
    warnings to show beside contact entries (by contact id) and about the case's own text (by field)."""

    case: Case
    is_owner: bool
    shared: bool
    unfinished: bool
    resume_step: str
    assessment: PlanAssessment
    findings: tuple[Finding, ...]
    has_errors: bool
    counselor_request: CounselorRequest | None
    lender_facts: tuple[LenderFact, ...]
    chart: ScheduleChart | None
    costs: CostComparison | None
    #: The contacts listed, newest first: the newest TIMELINE_SHOWN unless every one was asked for.
    timeline: tuple[TimelineEntry, ...]
    #: How many contacts there are in all (the page offers "show all" when more than it lists).
    timeline_total: int
    all_contacts: bool
    changes: tuple[PlanChange, ...]
    last_presented: PlanVersion | None
    next_action: NextAction
    letters: LettersOverview
    scam_contacts: dict[int, str]
    scam_case: dict[str, str]
    evidence: EvidenceSection
    options: RepaymentOptions | None
    case_open: bool
    counter_offers: tuple[CounterOfferView, ...]
    agreed: AgreedSchedule | None
    missed_script: tuple[str, ...]
    #: The household budget as this case sees it (services.household.case_household): the plan, this
    #: case's share, the other lenders' shares and which offers moved at the latest re-split.
    household: dict

    @property
    def timeline_hidden(self) -> int:
        """How many (older) contacts the page does not list."""
        return self.timeline_total - len(self.timeline)


def case_page(
    *,
    case: Case,
    viewer,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    all_contacts: bool = False,
) -> CasePage:
    """The case page of `case` as `viewer` sees it, listing the newest TIMELINE_SHOWN contacts, or every
    one with `all_contacts`. Fetch `case` through `case_page_queryset`: this then makes no query but those
    of `case_page_prefetch`, one for each optional relation the case has rows in."""
    case_page_prefetch(case)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    contacts = list(case.contacts.all())
    assessment = plan_assessment(case, today=today, now=now, contacts=contacts)
    changes = tuple(changes_since_last_contact(case))
    findings = tuple(validate(case, today=today, assessment=assessment, changes=changes))
    unfinished = case_is_unfinished(case)
    agreed = agreed_schedule(case, today=today)
    timeline = contact_timeline(contacts)
    return CasePage(
        case=case,
        is_owner=case.owner_id == viewer.pk,
        shared=case_is_shared(case),
        unfinished=unfinished,
        resume_step=resume_step(case),
        assessment=assessment,
        findings=findings,
        has_errors=has_errors(findings),
        counselor_request=counselor_request(case, findings=findings),
        lender_facts=tuple(lender_facts(case.lender)),
        chart=schedule_chart(months=assessment.months, offer=assessment.monthly_offer),
        costs=case_cost_comparison(case, today=today),
        timeline=tuple(timeline if all_contacts else timeline[:TIMELINE_SHOWN]),
        timeline_total=len(timeline),
        all_contacts=all_contacts,
        changes=changes,
        last_presented=last_presented_version(case),
        next_action=case_next_action(
            case=case, assessment=assessment, findings=findings, contacts=contacts, unfinished=unfinished
        ),
        letters=letters_overview(case=case, today=today),
        scam_contacts=contact_notices(contacts),
        scam_case=case_notices(case),
        evidence=evidence_section(case),
        options=repayment_options(case, today=today),
        case_open=case_accepts_changes(case),
        counter_offers=counter_offer_views(case),
        agreed=agreed,
        missed_script=missed_payment_script(
            case=case, missed=agreed.missed[-1], next_payment=agreed.next_payment
        )
        if agreed is not None and agreed.missed
        else (),
        household=case_household(case),
    )
