"""What the letter and plan show, formatted in one language: `plan_document(case=...)` -> `PlanDocument`.
Its repr is the cache fingerprint (see `render.plan_pdf_cache_key`)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...models import Case, ContactAttempt, Payment, PlanVersion
from ..assessment import PlanAssessment, plan_assessment
from ..budget import ZERO, OfferBasis, budget_reference_checks, case_plan
from ..charts import ScheduleChart, schedule_chart
from ..contact_history import contacts_in_effect
from ..formatting import day_count, installments_summary, long_date, money, neutralise_bidi_in
from ..letter_language import resolve_language
from ..letter_name import letter_name
from ..scripts import letter_text
from ..versions import latest_plan_version
from .fetcher import ATTACHMENT_PREFIX

CONTACTS_SHOWN = 5
#: Pages of uploaded PDFs appended to one letter, all PDFs together; the rest stay downloadable files.
MAX_APPENDED_PDF_PAGES = 60


@dataclass(frozen=True)
class PlanRow:
    number: int
    due_on: str
    amount: str
    remaining: str
    over_capacity: bool


@dataclass(frozen=True)
class ContactRow:
    date: str
    channel: str
    agent_id: str
    ticket_number: str
    outcome: str
    plan_version: str


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class EvidenceEntry:
    """One uploaded proof as the letter lists and appends it. `url` (images only) is the attachment URL the
    renderer serves from storage; `appended_pages` (PDFs only) how many of its pages follow its caption."""

    number: int
    anchor: str
    label: str
    description: str
    file_id: str
    sha256: str
    url: str = ""
    pages: int = 0
    appended_pages: int = 0

    @property
    def is_image(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class PlanDocument:
    """Everything the letter and plan show, formatted in `language`. Its repr is the cache fingerprint."""

    language: str
    title: str
    letter_date: str
    lender_name: str
    lender_provider: str
    applicant: str
    account_hint: str
    salutation: str
    paragraphs: tuple[str, ...]
    figures: tuple[Figure, ...]
    rows: tuple[PlanRow, ...]
    total: str
    payoff_date: str
    capacity: str
    chart: ScheduleChart | None
    contacts: tuple[ContactRow, ...]
    plan_version: str
    evidence: tuple[EvidenceEntry, ...] = ()

    @property
    def figure_rows(self) -> tuple[tuple[Figure, ...], ...]:
        """The figures two to a row, as the plan's summary table shows them."""
        return tuple(self.figures[i : i + 2] for i in range(0, len(self.figures), 2))


def applicant_name(*, case: Case, language: str | None = None) -> str:
    """The applicant as every letter prints them: the owner's "name on letters" (services.letter_name), ""
    when they gave none, and the letter then leaves a line to sign by hand. Never the username. `language`
    is kept for callers: a name prints as its owner typed it."""
    return letter_name(case.owner) if case.owner_id else ""


def _figures(case: Case, assessment: PlanAssessment) -> tuple[Figure, ...]:
    schedule = assessment.schedule
    figures = []

    def add(label, value):
        if value not in (None, ""):
            figures.append(Figure(label=str(label), value=str(value)))

    add(_("Amount due"), money(case.amount_due) if case.amount_due is not None else "")
    add(_("Due date"), long_date(case.due_date) if case.due_date else "")
    add(_("Repayment mode"), case.get_repayment_mode_display() if case.repayment_mode else "")
    if case.repayment_mode == Case.RepaymentMode.INSTALLMENTS and case.installments_total:
        add(_("Installments"), installments_summary(case))
    end = assessment.deferral_end
    if case.requested_deferral_days and end:
        add(
            _("Deferral requested"),
            _("%(days)s, until %(date)s")
            % {"days": day_count(case.requested_deferral_days), "date": long_date(end)},
        )
    to_repay = assessment.amount_to_repay
    if to_repay is not None and assessment.programme_fee:
        # Only a lender programme's own stated fee is ever added; estimated overdue charges never are.
        add(_("To repay, with the programme's stated fee"), money(to_repay))
    add(_("Cause of the hardship"), case.get_hardship_category_display() if case.hardship_category else "")
    plan = case_plan(case)
    totals = plan.totals if plan else None
    share = plan.share_for(case) if plan else None
    if totals is not None:
        add(
            _("Household budget each month"),
            _(
                "income %(income)s − essential spending %(essentials)s − payments made first %(priority)s = "
                "%(available)s for the lenders"
            )
            % {
                "income": money(totals.income),
                "essentials": money(totals.essentials),
                "priority": money(totals.priority),
                "available": money(totals.available),
            },
        )
    offer = assessment.monthly_offer
    add(_("Monthly repayment offered to you"), money(offer) if offer is not None else "")
    if share is not None:
        others = plan.others(case)
        if others:
            add(
                _("Other lenders sharing the same budget"),
                ngettext(
                    "%(count)s lender, %(total)s a month", "%(count)s lenders, %(total)s a month", len(others)
                )
                % {"count": len(others), "total": money(sum((o.offer for o in others), ZERO))},
            )
        if share.is_token:
            add(
                _("Why a token payment"),
                _("A fair share of what the budget leaves would be under %(token)s a month.")
                % {"token": money(plan.token)},
            )
        elif share.basis == OfferBasis.CHOSEN and share.reason:
            add(_("Why this amount"), share.reason)
    if plan is not None and plan.budget is not None:
        for check in budget_reference_checks(plan.budget):
            if check.above and check.explanation:
                add(
                    _("%(category)s: above the national average of %(reference)s")
                    % {"category": check.label, "reference": money(check.reference)},
                    check.explanation,
                )
    if schedule.payments:
        add(_("First payment"), long_date(schedule.first_date))
        add(_("Paid off by"), long_date(schedule.payoff_date))
    return tuple(figures)


def _rows(assessment: PlanAssessment) -> tuple[PlanRow, ...]:
    """Each payment, marked over when its calendar month asks for more than the offer (decision 2)."""
    schedule = assessment.schedule
    remaining = schedule.total
    rows = []
    for number, payment in enumerate(schedule.payments, start=1):
        remaining -= payment.amount
        rows.append(
            PlanRow(
                number=number,
                due_on=long_date(payment.due_on),
                amount=money(payment.amount),
                remaining=money(remaining),
                over_capacity=assessment.payment_over_offer(payment),
            )
        )
    return tuple(rows)


def _contacts(case: Case) -> tuple[ContactRow, ...]:
    versions = {version.pk: version.number for version in case.plan_versions.all()}
    rows = []
    for contact in contacts_in_effect(case.contacts.all())[:CONTACTS_SHOWN]:
        number = versions.get(contact.plan_version_id)
        rows.append(
            ContactRow(
                date=long_date(timezone.localdate(contact.occurred_at)),
                channel=str(contact.get_channel_display()),
                agent_id=contact.agent_id,
                ticket_number=contact.ticket_number,
                outcome=str(contact.get_outcome_display()),
                plan_version=_("v%(number)s") % {"number": number} if number else "",
            )
        )
    return tuple(rows)


def plan_document_queryset(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """`queryset` with everything the letter, the plan and the scripts read: the lender and its channels,
    the owner, payments, contacts, plan versions and evidence files (a fixed number of queries, whatever their count)."""
    return queryset.select_related("lender", "owner", "owner__account_profile").prefetch_related(
        "lender__channels", "lender__programmes", "payments", "contacts", "plan_versions", "evidence_files"
    )


def document_case(case_id: int) -> Case | None:
    """The case with everything its document reads, in a fixed number of queries; None when deleted."""
    return (
        Case.objects.select_related("lender", "owner", "owner__account_profile")
        .prefetch_related(
            Prefetch("payments", queryset=Payment.objects.order_by("due_on", "id")),
            Prefetch("contacts", queryset=ContactAttempt.objects.order_by("-occurred_at", "-id")),
            Prefetch("plan_versions", queryset=PlanVersion.objects.order_by("-number")),
            "evidence_files",
        )
        .filter(pk=case_id)
        .first()
    )


def _evidence(case: Case) -> tuple[EvidenceEntry, ...]:
    """The case's uploaded files, in checklist order then upload order, as the appendix lists them."""
    order = {value: index for index, value in enumerate(Case.Evidence.values)}
    files = sorted(
        case.evidence_files.all(), key=lambda f: (order.get(f.item, len(order)), f.uploaded_at, f.pk)
    )
    entries, budget = [], MAX_APPENDED_PDF_PAGES
    for number, evidence in enumerate(files, start=1):
        if evidence.is_image:
            description = _("photo") if evidence.kind == evidence.Kind.JPEG else _("image")
            url, appended = f"{ATTACHMENT_PREFIX}{evidence.public_id.hex}.{evidence.extension}", 0
        else:
            description = ngettext("PDF, %(count)s page", "PDF, %(count)s pages", evidence.pages) % {
                "count": evidence.pages
            }
            url, appended = "", min(evidence.pages, budget)
            budget -= appended
        entries.append(
            EvidenceEntry(
                number=number,
                anchor=f"attachment-{number}",
                label=str(evidence.get_item_display()),
                description=str(description),
                file_id=evidence.public_id.hex,
                sha256=evidence.sha256,
                url=url,
                pages=evidence.pages or 0,
                appended_pages=appended,
            )
        )
    return tuple(entries)


def plan_document(
    *,
    case: Case,
    language: str | None = None,
    today: dt.date | None = None,
    assessment: PlanAssessment | None = None,
) -> PlanDocument:
    """What the letter and plan show for `case` in `language` (default: its letter language), formatted,
    from one assessment of the plan (computed when not given). Reads the case's lender, payments, contacts
    plan versions and evidence files (prefetch them)."""
    language = resolve_language(case, language)
    today = today or timezone.localdate()
    assessment = assessment or plan_assessment(case, today=today)
    schedule = assessment.schedule
    with translation.override(language):
        letter = letter_text(case=case, language=language, today=today, assessment=assessment)
        version = latest_plan_version(case)
        # No bidi control in a borrower's or lender's text may reorder the letter around it.
        return neutralise_bidi_in(
            PlanDocument(
                language=language,
                title=_("Request to defer repayment"),
                letter_date=long_date(today),
                lender_name=case.lender.name if case.lender else "",
                lender_provider=case.lender.provider if case.lender else "",
                applicant=applicant_name(case=case, language=language),
                account_hint=case.account_hint,
                salutation=letter.salutation,
                paragraphs=letter.paragraphs,
                figures=_figures(case, assessment),
                rows=_rows(assessment),
                total=money(schedule.total),
                payoff_date=long_date(schedule.payoff_date) if schedule.payoff_date else "",
                capacity=money(assessment.monthly_offer) if assessment.has_offer else "",
                chart=schedule_chart(months=assessment.months, offer=assessment.monthly_offer),
                contacts=_contacts(case),
                plan_version=_("Plan version %(number)s") % {"number": version.number} if version else "",
                evidence=_evidence(case),
            )
        )
