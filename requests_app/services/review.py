"""Counselor review: the review queue (its annotations, urgency and search), reviewer assignment,
the "reviewed" mark, and the Reviewer group's permissions.

The Django admin calls these; nothing here renders.
"""

import datetime as dt
import logging
import re
import uuid
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case, ContactAttempt, CounterOffer, Payment, PaymentRecord, PlanVersion
from .assessment import DUE_SOON_DAYS
from .budget import prefetch_household_plans
from .findings import Finding, Severity
from .negotiation.agreements import records_in_effect
from .refusals import Refusal
from .workflow import SETTLED_STATUSES

logger = logging.getLogger(__name__)

REVIEWER_GROUP = "Reviewer"

#: What a counselor may do, as (app label, codename). Superusers keep everything; nothing more here.
REVIEWER_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("requests_app", "view_case"),
    ("requests_app", "change_case"),  # status and assignment only: the admin makes the rest read-only
    ("requests_app", "view_payment"),
    ("requests_app", "view_planversion"),
    ("requests_app", "view_contactattempt"),
    ("requests_app", "view_lender"),
    ("requests_app", "view_lenderchannel"),
    ("requests_app", "view_lenderprogramme"),
    ("requests_app", "view_reviewnote"),
    ("requests_app", "add_reviewnote"),
    ("requests_app", "view_statuschange"),
    ("requests_app", "view_counteroffer"),
    ("requests_app", "view_paymentrecord"),
)

# "Due soon" (DUE_SOON_DAYS), settled statuses and "follow-up due" are decided in services.assessment; the
# querysets below are their SQL form, pinned to it by tests/services/test_assessment.py.


class NotAReviewer(Refusal):
    """The person chosen to review a case is not an active staff member; `message` is translated."""

    code = "not_a_reviewer"

    def __init__(self, user):
        self.user = user
        self.message = _("%(name)s is not a counselor and cannot be assigned a case.") % {
            "name": user.get_username()
        }
        super().__init__(self.message)


def reviewer_group_sync(*, group_model, permission_model) -> object:
    """Create the Reviewer group if missing and give it exactly REVIEWER_PERMISSIONS; return the group.

    Takes the model classes so that a data migration can pass its historical models.
    """
    group, _created = group_model.objects.get_or_create(name=REVIEWER_GROUP)
    wanted = Q()
    for app_label, codename in REVIEWER_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(permission_model.objects.filter(wanted))
    if len(permissions) != len(REVIEWER_PERMISSIONS):
        found = {(p.content_type.app_label, p.codename) for p in permissions}
        missing = sorted(set(REVIEWER_PERMISSIONS) - found)
        raise LookupError(f"Permissions missing for the Reviewer group: {missing}")
    group.permissions.set(permissions)
    return group


# --- The review queue -------------------------------------------------------------------------------


def review_queue(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """`queryset` annotated with what the review queue shows: `last_contact_at`, `last_contact_outcome`,
    `next_follow_up` (the one agreed at the latest contact in effect) and `urgency_rank` (see
    `urgency_ordering`). All four are columns of the case, kept by services.contacts and the database,
    so a page of the queue costs no subquery per case."""
    return queryset.annotate(
        last_contact_at=F("latest_contact_at"),
        last_contact_outcome=F("latest_contact_outcome"),
        next_follow_up=F("follow_up_at"),
        urgency_rank=F("queue_rank"),
    )


#: What the queue reads of a case's contacts: which entries are in effect, and the plan version presented at
#: the latest (versions.last_presented_version). Not the notes nor the copy of the script shown, which every
#: contact keeps whole and the queue never displays.
QUEUE_CONTACT_FIELDS = ("id", "case_id", "occurred_at", "corrects_id", "plan_version_id")


def case_review_prefetches(*, queue_page: bool = False) -> list:
    """The relations the review desk reads of a case, for `prefetch_related` (one query each): the schedule,
    the contacts and plan versions (validation), the lender's programmes, the counter-offers and payment
    records (the lender's answer). For a page of the queue the contacts carry QUEUE_CONTACT_FIELDS only.
    Explicit orders: the models' default orders start with "case", which would join the case again."""
    contacts = ContactAttempt.objects.order_by("-occurred_at", "-id")
    return [
        Prefetch("payments", queryset=Payment.objects.order_by("due_on", "id")),
        Prefetch("contacts", queryset=contacts.only(*QUEUE_CONTACT_FIELDS) if queue_page else contacts),
        Prefetch("plan_versions", queryset=PlanVersion.objects.order_by("-number")),
        "lender__programmes",
        Prefetch("counter_offers", queryset=CounterOffer.objects.order_by("-created_at", "-id")),
        Prefetch("payment_records", queryset=PaymentRecord.objects.order_by("due_on", "created_at", "id")),
    ]


def review_queue_page(cases) -> list[Case]:
    """A page of the queue (`cases`, from `review_queue`, without prefetches) with what its columns read
    loaded in a fixed number of queries whatever the page size: case_review_prefetches(queue_page=True) and
    every owner's household plan (budget.prefetch_household_plans)."""
    cases = list(cases)
    prefetch_related_objects(cases, *case_review_prefetches(queue_page=True))
    return prefetch_household_plans(cases)


def urgency_ordering() -> list:
    """Most urgent first: open cases before settled ones, then the earliest (most overdue) due date;
    cases without a due date last (Case.queue_rank folds both in, served by an index)."""
    return [F("queue_rank").asc(), F("due_date").asc(), F("id").desc()]


def cases_overdue(queryset: QuerySet[Case], *, today: dt.date | None = None) -> QuerySet[Case]:
    """Open cases whose due date has passed."""
    today = today or timezone.localdate()
    return queryset.filter(due_date__lt=today).exclude(status__in=SETTLED_STATUSES).filter(queue_rank=0)


def cases_due_soon(
    queryset: QuerySet[Case], *, today: dt.date | None = None, days: int = DUE_SOON_DAYS
) -> QuerySet[Case]:
    """Open cases due today or within `days` days."""
    today = today or timezone.localdate()
    # queue_rank 0 (open, with a due date) says the same again, for the queue's order index.
    return (
        queryset.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))
        .exclude(status__in=SETTLED_STATUSES)
        .filter(queue_rank=0)
    )


def cases_follow_up_due(queryset: QuerySet[Case], *, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Open cases whose latest contact in effect set a follow-up whose time has come: the SQL form of
    assessment.follow_up_is_due."""
    now = now or timezone.now()
    return queryset.filter(follow_up_at__lte=now).exclude(status__in=SETTLED_STATUSES)


_HEX = re.compile(r"[0-9a-f]{4,32}")

#: No searched value is longer (an e-mail address, 254): a longer word matches nothing, and would only
#: make SQLite refuse the LIKE pattern as too complex.
SEARCH_TERM_MAX_LENGTH = 254


def cases_with_open_counter_offer(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with a counter-offer the borrower has not decided yet. (The few counter-offers are listed once,
    not looked up for every case the queue's order passes: on SQLite an empty answer walked all of them.)"""
    return queryset.filter(
        pk__in=CounterOffer.objects.filter(decision=CounterOffer.Decision.OPEN).values("case_id")
    )


def cases_last_answered(queryset: QuerySet[Case], outcome: str) -> QuerySet[Case]:
    """Cases whose latest contact in effect ended with `outcome` (a ContactAttempt.Outcome)."""
    return queryset.filter(latest_contact_outcome=outcome)


def cases_agreed(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Cases whose plan the lender agreed (services.negotiation.agreements.is_agreed, in SQL)."""
    return queryset.filter(status=Case.Status.APPROVED)


def cases_with_missed_payment(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with an agreed payment whose latest record says missed (a later record for the same date, such
    as "paid after all", replaces it: services.negotiation.agreements.agreed_schedule)."""
    later = PaymentRecord.objects.filter(
        case=OuterRef("case"), due_on=OuterRef("due_on"), created_at__gt=OuterRef("created_at")
    )
    missed = PaymentRecord.objects.filter(result=PaymentRecord.Result.MISSED).filter(~Exists(later))
    return queryset.filter(pk__in=missed.values("case_id"))


def _public_id_q(term: str) -> Q | None:
    """Match a public id given whole or by its first characters (as shown in lists), dashes optional. A start
    is the range of ids it begins (…000 to …fff), which the unique index serves on both databases; a LIKE
    would read every case (SQLite's LIKE ignores letter case, so no index serves it) and a ticket number of
    digits alone reads as an id's start."""
    digits = term.replace("-", "").lower()
    if not _HEX.fullmatch(digits):
        return None
    if len(digits) == 32:
        return Q(public_id=uuid.UUID(digits))
    return Q(public_id__gte=uuid.UUID(digits.ljust(32, "0")), public_id__lte=uuid.UUID(digits.ljust(32, "f")))


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases matching every word of `text` by public id (or its start), owner username or email
    (contains), or a contact's agent id or ticket number (exact, any letter case).

    Uses subqueries, never joins over contacts, so a case appears once and the count stays cheap.
    """
    users = get_user_model().objects
    # PostgreSQL refuses NUL bytes in a query; no stored value holds one.
    for term in text.replace("\x00", "").split():
        if len(term) > SEARCH_TERM_MAX_LENGTH:
            return queryset.none()
        variants = sorted({term, term.upper(), term.lower()})
        matches = Q(
            owner__in=users.filter(Q(username__icontains=term) | Q(email__icontains=term)).values("pk")
        ) | Q(
            pk__in=ContactAttempt.objects.filter(
                Q(agent_id__in=variants) | Q(ticket_number__in=variants)
            ).values("case_id")
        )
        by_id = _public_id_q(term)
        if by_id is not None:
            matches |= by_id
        queryset = queryset.filter(matches)
    return queryset


# --- Findings summary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingCounts:
    """How many findings of each severity a case has."""

    errors: int
    warnings: int
    infos: int


def finding_counts(findings: list[Finding]) -> FindingCounts:
    """Count `findings` by severity."""
    counts = Counter(finding.severity for finding in findings)
    return FindingCounts(
        errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], infos=counts[Severity.INFO]
    )


# --- The lender's answer ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LenderAnswer:
    """What the queue shows of the lender's answer: the newest counter-offer (or None), and how many payments
    the borrower recorded paid and missed (the record in effect for each date)."""

    offer: CounterOffer | None
    paid: int
    missed: int


def lender_answer(case: Case) -> LenderAnswer:
    """The case's LenderAnswer; reads `case.counter_offers.all()` and `case.payment_records.all()`."""
    offers = sorted(case.counter_offers.all(), key=lambda offer: (offer.created_at, offer.pk), reverse=True)
    results = Counter(record.result for record in records_in_effect(case).values())
    return LenderAnswer(
        offer=offers[0] if offers else None,
        paid=results[PaymentRecord.Result.PAID],
        missed=results[PaymentRecord.Result.MISSED],
    )


# --- Assignment and the reviewed mark ----------------------------------------------------------------


def _save_fields(*, case: Case, by, **values) -> Case:
    """Write `values` on the stored case (fresh, locked) so its history row is right; mirror on `case`."""
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        for name, value in values.items():
            setattr(current, name, value)
        if by is not None:
            current._history_user = by
        current.save(update_fields=[*values, "updated_at"])
    for name in (*values, "updated_at"):
        setattr(case, name, getattr(current, name))
    return case


def case_assign_reviewer(*, case: Case, reviewer, by=None) -> Case:
    """Assign `reviewer` (an active staff member, or None to unassign) to `case`; raise NotAReviewer."""
    if reviewer is not None and not (reviewer.is_active and reviewer.is_staff):
        raise NotAReviewer(reviewer)
    _save_fields(case=case, by=by, assigned_reviewer=reviewer)
    logger.info(
        "case %s assigned to %s by %s",
        case.public_id,
        reviewer.get_username() if reviewer else "nobody",
        by.get_username() if by else "system",
    )
    return case


def case_mark_reviewed(*, case: Case, by, at: dt.datetime | None = None) -> Case:
    """Record that `by` reviewed `case` now (or `at`)."""
    _save_fields(case=case, by=by, reviewed_at=at or timezone.now())
    logger.info("case %s marked reviewed by %s", case.public_id, by.get_username() if by else "system")
    return case
