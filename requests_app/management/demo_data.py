"""The figures and weights of the demo data behind `manage.py seed_demo`: realistic cases, fast enough for 100 000 cases.

Creates a demo borrower (`demo`) with a handful of cases and a demo counselor (`reviewer`, staff, in the
Reviewer group) with some cases assigned, then cases for generated borrowers across every lender, both
repayment modes, every status and due dates past, near and far. Each case has the schedule the wizard would
suggest, its plan versions, contact attempts and status history, some have review notes. Everything is
bulk-inserted, one transaction per batch, from a seeded random generator: the same seed on the same day
gives the same data. Passwords of the two logins are random and printed (they change on every run).

Seeded cases have one history row each (django-simple-history, "demo data"), inserted in bulk too.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from requests_app.models import (
    Case,
    ContactAttempt,
    Lender,
    PlanVersion,
    ReviewNote,
    StatusChange,
)
from requests_app.services.contacts import DECISIONS

Status = Case.Status
Outcome = ContactAttempt.Outcome

DEMO_USERNAME = "demo"
REVIEWER_USERNAME = "reviewer"
GENERATED_PREFIX = "seed-"
DEMO_CASES = 6
CASES_PER_BORROWER = 3

#: How often each status occurs among generated cases (a review desk sees mostly contacted cases).
STATUS_WEIGHTS = {
    Status.DRAFT: 6,
    Status.READY: 10,
    Status.NEEDS_CHANGES: 8,
    Status.CONTACTED: 30,
    Status.APPROVED: 14,
    Status.PARTLY_APPROVED: 10,
    Status.REFUSED: 10,
    Status.CLOSED: 12,
}
#: The demo borrower's cases: one of each situation worth showing.
DEMO_STATUSES = [
    Status.READY,
    Status.CONTACTED,
    Status.DRAFT,
    Status.PARTLY_APPROVED,
    Status.NEEDS_CHANGES,
    Status.APPROVED,
]
#: ...and their due dates, days from today: near, past, far, so the demo shows each kind of urgency.
DEMO_DUE_IN_DAYS = [2, -3, 35, -20, 5, -40]
#: How many days ago a case in each status was started (low, high).
AGE_DAYS = {
    Status.DRAFT: (0, 6),
    Status.READY: (0, 10),
    Status.NEEDS_CHANGES: (3, 40),
    Status.CONTACTED: (2, 45),
    Status.APPROVED: (10, 90),
    Status.PARTLY_APPROVED: (10, 90),
    Status.REFUSED: (10, 90),
    Status.CLOSED: (30, 150),
}
#: The contact outcome that decided each decided status: the inverse of services.contacts.DECISIONS.
DECIDED = {status: outcome for outcome, status in DECISIONS.items()}
HARDSHIP_WEIGHTS = {
    "job_loss": 30,
    "illness": 18,
    "income_drop": 22,
    "business": 14,
    "family": 8,
    "disaster": 3,
    "other": 5,
}
AMOUNT_RANGE = {
    Lender.Kind.BNPL: (500, 15_000),
    Lender.Kind.CONSUMER_LOAN: (2_000, 50_000),
    Lender.Kind.CREDIT_CARD: (3_000, 60_000),
    Lender.Kind.BANK_LOAN: (10_000, 100_000),
}


@contextmanager
def explicit_timestamps():
    """Let bulk inserts keep the times we give them (created/changed in the past), not "now"."""
    fields = [
        Case._meta.get_field("created_at"),
        Case._meta.get_field("updated_at"),
        PlanVersion._meta.get_field("created_at"),
        ContactAttempt._meta.get_field("created_at"),
        ReviewNote._meta.get_field("created_at"),
        StatusChange._meta.get_field("changed_at"),
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass
class Batch:
    """The rows of one batch, inserted together in one transaction."""

    cases: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    versions: list = field(default_factory=list)  # (case, number, payments, when, stale)
    contacts: list = field(default_factory=list)  # (case, ContactAttempt without case_id yet, version number)
    corrections: list = field(default_factory=list)  # (case, correction, index of the corrected contact)
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class Totals:
    cases: int = 0
    payments: int = 0
    versions: int = 0
    contacts: int = 0
    changes: int = 0
    notes: int = 0
    borrowers: int = 0
