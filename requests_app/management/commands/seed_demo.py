"""`seed_demo`: demo logins and realistic cases, fast enough for 100 000 cases.

Creates a demo borrower (`demo`) with a handful of cases and a demo counselor (`reviewer`, staff, in the
Reviewer group) with some cases assigned, then cases for generated borrowers across every lender, both
repayment modes, every status and due dates past, near and far. Each case has the schedule the wizard would
suggest, its plan versions, contact attempts and status history, some have review notes. Everything is
bulk-inserted, one transaction per batch, from a seeded random generator: the same seed on the same day
gives the same data. Passwords of the two logins are random and printed (they change on every run).

Seeded cases have one history row each (django-simple-history, "demo data"), inserted in bulk too.
"""

import datetime as dt
import math
import random
import secrets
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from requests_app.lender_profiles import load_lender_profiles
from requests_app.management import demo_texts as texts
from requests_app.models import (
    Case,
    ContactAttempt,
    Lender,
    LenderChannel,
    Payment,
    PlanVersion,
    ReviewNote,
    StatusChange,
)
from requests_app.services.review import reviewer_group_sync
from requests_app.services.schedule import (
    NoScheduleFits,
    schedule_start,
    suggest_schedule,
    suggest_schedule_for_case,
)
from requests_app.services.versions import plan_snapshot, snapshot_hash

Status = Case.Status
Outcome = ContactAttempt.Outcome
CENT = Decimal("0.01")

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
DECIDED = {
    Status.APPROVED: Outcome.APPROVED,
    Status.PARTLY_APPROVED: Outcome.PARTLY_APPROVED,
    Status.REFUSED: Outcome.REFUSED,
}
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
WIZARD_STEPS = ["lender", "mode", "hardship", "finances", "schedule", "review"]


def _cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


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


class DemoSeeder:
    """Builds cases one by one from a seeded generator and inserts them in batches."""

    def __init__(self, *, rng, lenders, demo, reviewer, contacts_per_case, now):
        self.rng = rng
        self.lenders = lenders
        self.channels = {
            lender.pk: sorted({c.kind for c in lender.channels.all()}) or ["phone"] for lender in lenders
        }
        self.demo, self.reviewer = demo, reviewer
        self.contacts_per_case = contacts_per_case
        self.now = now
        self.today = timezone.localdate(now)
        self.totals = Totals()

    # --- People ---

    def borrowers(self, count: int, *, batch_size: int) -> list:
        """`count` generated borrowers (no usable password), created in bulk after any earlier ones."""
        User = get_user_model()
        start = User.objects.filter(username__startswith=GENERATED_PREFIX).count()
        unusable = make_password(None)
        users = []
        for n in range(start, start + count):
            name = f"{GENERATED_PREFIX}{n + 1:06d}"
            users.append(
                User(username=name, email=f"{name}@example.com", password=unusable, date_joined=self.now)
            )
        created = []
        for i in range(0, len(users), batch_size):
            with transaction.atomic():
                created += User.objects.bulk_create(users[i : i + batch_size])
        self.totals.borrowers = len(created)
        return created

    # --- One case ---

    def _when(self, day: dt.date, low_hour=8, high_hour=22) -> dt.datetime:
        moment = dt.datetime.combine(
            day, dt.time(self.rng.randint(low_hour, high_hour - 1), self.rng.randint(0, 59))
        )
        return min(timezone.make_aware(moment), self.now - dt.timedelta(hours=2))

    def _daytime(self, moment: dt.datetime) -> dt.datetime:
        """`moment` moved into service hours (8:00–21:59 local) on the same day, if it was at night."""
        local = timezone.localtime(moment)
        if 8 <= local.hour < 22:
            return moment
        return local.replace(hour=self.rng.randint(9, 20))

    def _amount(self, lender) -> Decimal:
        low, high = AMOUNT_RANGE.get(lender.kind, (1_000, 30_000))
        value = math.exp(self.rng.uniform(math.log(low), math.log(high)))
        return _cents(Decimal(int(value * 100)) / 100)

    def _due_date(self, status: str, created_day: dt.date) -> dt.date:
        """Open cases: due from three weeks ago to two months ahead; decided cases around when they began."""
        if status in (Status.DRAFT, Status.READY, Status.NEEDS_CHANGES, Status.CONTACTED):
            return max(
                created_day - dt.timedelta(days=15), self.today + dt.timedelta(days=self.rng.randint(-20, 60))
            )
        return created_day + dt.timedelta(days=self.rng.randint(-15, 40))

    def _narrative(self, category: str, language: str, since: dt.date) -> str:
        rng = self.rng
        values = {
            "city": rng.choice(texts.CITIES),
            "industry": rng.choice(texts.INDUSTRIES),
            "job": rng.choice(texts.JOBS),
            "illness": rng.choice(texts.ILLNESSES),
            "event": rng.choice(texts.FAMILY_EVENTS),
            "shop": rng.choice(texts.SHOPS),
            "shop_en": rng.choice(texts.SHOPS_EN),
            "month": since.month,
            "months": rng.randint(2, 6),
            "cost": rng.randrange(8_000, 60_000, 500),
            "old": rng.randrange(6_000, 12_000, 500),
            "new": rng.randrange(3_000, 5_500, 500),
        }
        if language == Case.Language.EN:
            return texts.NARRATIVES_EN[category].format(**values)
        return rng.choice(texts.NARRATIVES_ZH[category]).format(**values)

    def _finances(self, case, category: str) -> None:
        rng = self.rng
        income = {
            "job_loss": (1_500, 4_000),
            "illness": (2_000, 6_000),
            "income_drop": (3_500, 9_000),
            "business": (2_500, 10_000),
            "family": (4_000, 10_000),
            "disaster": (1_500, 5_000),
            "other": (4_000, 9_000),
        }[category]
        case.monthly_income = Decimal(rng.randrange(income[0], income[1], 100))
        case.essential_expenses = _cents(case.monthly_income * Decimal(rng.uniform(0.45, 0.8)))
        case.other_debt_payments = Decimal(rng.choice([0, 0, 200, 300, 500, 800]))
        case.income_sources = rng.choice(texts.INCOME_SOURCES[category])

    def _ensure_a_plan_fits(self, case, plan_day: dt.date) -> list:
        """The schedule the wizard would suggest on `plan_day`; raise the income until one fits."""
        for _attempt in range(6):
            try:
                return list(suggest_schedule_for_case(case, today=plan_day).payments)
            except NoScheduleFits:
                case.monthly_income = _cents(case.monthly_income * Decimal("1.5") + 1000)
        return []

    def case(self, index: int, owner, status: str, batch: Batch, *, due_in: int | None = None) -> None:
        rng = self.rng
        lender = (
            self.lenders[index % len(self.lenders)]
            if index < len(self.lenders) * 2
            else rng.choice(self.lenders)
        )
        age = rng.randint(*AGE_DAYS[status])
        created_day = self.today - dt.timedelta(days=age)
        created_at = self._when(created_day)
        category = rng.choices(list(HARDSHIP_WEIGHTS), weights=list(HARDSHIP_WEIGHTS.values()))[0]
        language = Case.Language.EN if rng.random() < 0.08 else Case.Language.ZH_HANS
        since = created_day - dt.timedelta(days=rng.randint(10, 120))
        case = Case(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            owner=owner,
            lender=lender,
            account_hint=f"{rng.randint(0, 9999):04d}",
            amount_due=self._amount(lender),
            due_date=self._due_date(status, created_day)
            if due_in is None
            else self.today + dt.timedelta(days=due_in),
            hardship_category=category,
            hardship_since=since,
            hardship_expected_end=None
            if rng.random() < 0.2
            else created_day + dt.timedelta(days=rng.randint(30, 240)),
            hardship_narrative=self._narrative(category, language, since),
            evidence=texts.EVIDENCE[category][: rng.randint(1, len(texts.EVIDENCE[category]))],
            requested_deferral_days=rng.choice([0, 15, 30, 30, 30, 60, 90]),
            letter_language=language,
            status=status,
            wizard_step="review",
            created_at=created_at,
        )
        if rng.random() < 0.45:
            case.repayment_mode = Case.RepaymentMode.INSTALLMENTS
            case.installments_total = rng.choice([3, 6, 6, 12, 12, 24])
            case.installments_remaining = rng.randint(1, case.installments_total)
            per_period = case.amount_due / case.installments_remaining
            if rng.random() < 0.05:  # the borrower typed the per-period amount wrong
                per_period *= Decimal("1.3")
            case.installment_amount = _cents(per_period)
        else:
            case.repayment_mode = Case.RepaymentMode.FULL
        self._finances(case, category)

        payments: list = []
        if status == Status.DRAFT:
            step = rng.randint(0, len(WIZARD_STEPS) - 1)
            case.wizard_step = WIZARD_STEPS[step]
            if step < 3:
                case.monthly_income = case.essential_expenses = case.other_debt_payments = None
                case.income_sources = ""
            if step < 2:
                case.hardship_category, case.hardship_narrative, case.evidence = "", "", []
                case.hardship_since = case.hardship_expected_end = None
            if step >= 4:
                payments = self._ensure_a_plan_fits(case, created_day)
        else:
            payments = self._ensure_a_plan_fits(case, created_day)

        events = self._timeline(case, status, created_at, payments, batch)
        case.updated_at = max([created_at, *events])
        if owner is self.demo or rng.random() < 0.2:
            if status != Status.DRAFT:
                case.assigned_reviewer = self.reviewer
                if rng.random() < 0.4:
                    case.reviewed_at = min(case.updated_at + dt.timedelta(hours=rng.randint(1, 48)), self.now)
        self._share(case, status, batch)
        case._history_date = case.updated_at
        case._history_user = owner
        batch.cases.append(case)

    def _share(self, case, status: str, batch: Batch) -> None:
        """Share with the counselors every case one of them worked on, and most finished plans; keep the
        demo borrower's ready plan unshared so the demo shows "Ask a counselor" too. No random draw: the
        rest of the data stays what the seed gives."""
        if case.owner is self.demo and status == Status.READY:
            case.assigned_reviewer, case.reviewed_at = None, None
            batch.notes[:] = [note for note in batch.notes if note.case is not case]
            return
        worked_on = (
            case.assigned_reviewer is not None
            or status in (Status.NEEDS_CHANGES, Status.CLOSED)
            or any(note.case is case for note in batch.notes[-2:])  # its notes are the last added
        )
        if worked_on or (status != Status.DRAFT and case.public_id.int % 10 < 7):
            case.shared_at = case.created_at

    def _timeline(self, case, status, created_at, payments, batch) -> list:
        """Plan versions, contacts, status changes and notes of one case; return the times of its events."""
        rng = self.rng
        owner = case.owner
        events = []
        ready_at = min(
            created_at + dt.timedelta(minutes=rng.randint(10, 90)), self.now - dt.timedelta(minutes=30)
        )
        if status == Status.DRAFT:
            if payments:
                batch.payments.append((case, payments))
            return events

        def change(from_status, to_status, at, by, note=""):
            at = min(at, self.now - dt.timedelta(minutes=1))
            batch.changes.append(
                StatusChange(
                    case=case,
                    from_status=from_status,
                    to_status=to_status,
                    changed_by=by,
                    changed_at=at,
                    note=note,
                )
            )
            events.append(at)

        change(Status.DRAFT, Status.READY, ready_at, owner)
        # A ready case has not reached the lender yet; a case sent back may have, or not.
        contacted = status != Status.READY and (status != Status.NEEDS_CHANGES or rng.random() < 0.5)
        count = self.contacts_per_case if contacted else 0
        end = self.now - dt.timedelta(minutes=30)
        if status in (Status.APPROVED, Status.PARTLY_APPROVED, Status.REFUSED, Status.CLOSED):
            end = min(end, ready_at + dt.timedelta(days=rng.randint(3, 25)))
        span = max((end - ready_at).total_seconds(), 3600 * count)
        earliest = ready_at + dt.timedelta(minutes=10)
        times = sorted(
            max(self._daytime(ready_at + dt.timedelta(seconds=rng.uniform(1800, span))), earliest)
            for _ in range(count)
        )
        times = [min(t, self.now - dt.timedelta(minutes=20)) for t in times]

        # Plan versions: v1 when the case became ready; a counter-offer sometimes brings v2.
        versions = [(1, payments, ready_at)]
        final_payments = payments
        if count >= 2 and rng.random() < 0.35:
            stale = rng.random() < 0.25  # changed after the last call: the lender has not seen it yet
            v2_at = (
                times[-1] + dt.timedelta(hours=rng.randint(1, 20))
                if stale
                else times[count // 2] - dt.timedelta(minutes=5)
            )
            v2_at = min(v2_at, self.now - dt.timedelta(minutes=10))
            longer = self._longer_plan(case, payments, ready_at.date())
            if longer:
                versions.append((2, longer, v2_at))
                final_payments = longer
        batch.payments.append((case, final_payments))
        for number, rows, at in versions:
            batch.versions.append((case, number, rows, at))
            events.append(at)

        # Contacts, oldest first; the last one carries the decision when there is one.
        channels = self.channels[case.lender.pk]
        decision = DECIDED.get(status)
        if status == Status.CLOSED:
            decision = rng.choice([Outcome.APPROVED, Outcome.REFUSED])
        for n, at in enumerate(times):
            last = n == count - 1
            if last and decision:
                outcome = decision
            elif last and status == Status.NEEDS_CHANGES:
                outcome = rng.choice([Outcome.DOCUMENTS_REQUESTED, Outcome.REFUSED])
            else:
                outcome = rng.choice(
                    [
                        Outcome.NO_ANSWER,
                        Outcome.CALL_BACK,
                        Outcome.PENDING,
                        Outcome.DOCUMENTS_REQUESTED,
                        Outcome.CALL_BACK,
                    ]
                )
            shown = [number for number, _rows, v_at in versions if v_at <= at]
            batch.contacts.append(
                (case, self._contact(case, at, outcome, rng.choice(channels)), max(shown, default=1))
            )
            events.append(at)
        if count >= 2 and rng.random() < 0.03:
            corrected_index = len(batch.contacts) - count
            original = batch.contacts[corrected_index][1]
            correction = ContactAttempt(
                channel=original.channel,
                occurred_at=original.occurred_at,
                agent_id=original.agent_id,
                ticket_number=f"{original.ticket_number or 'GD'}9",
                outcome=original.outcome,
                offer_made=original.offer_made,
                promised=original.promised,
                next_follow_up=original.next_follow_up,
                notes=texts.CORRECTION_NOTE,
                recorded_by=owner,
                created_at=min(original.created_at + dt.timedelta(days=1), self.now),
            )
            batch.corrections.append((case, correction, corrected_index))

        # Status history after the contacts (with no contacts asked for, at made-up moments).
        first_at = times[0] if times else ready_at + dt.timedelta(minutes=20)
        last_at = times[-1] if times else first_at
        if contacted:
            change(Status.READY, Status.CONTACTED, first_at, owner)
        if status in DECIDED:
            change(Status.CONTACTED, status, last_at, owner)
        elif status == Status.NEEDS_CHANGES:
            source = Status.CONTACTED if contacted else Status.READY
            at = (last_at if contacted else ready_at) + dt.timedelta(hours=rng.randint(1, 30))
            change(source, Status.NEEDS_CHANGES, at, self.reviewer, rng.choice(texts.REVIEW_NOTES))
        elif status == Status.CLOSED:
            decided = Status.APPROVED if decision == Outcome.APPROVED else Status.REFUSED
            change(Status.CONTACTED, decided, last_at, owner)
            change(decided, Status.CLOSED, last_at + dt.timedelta(days=rng.randint(1, 5)), self.reviewer)

        if rng.random() < 0.25:
            for _n in range(rng.randint(1, 2)):
                at = min(
                    ready_at + dt.timedelta(hours=rng.randint(1, 24 * 20)), self.now - dt.timedelta(minutes=2)
                )
                batch.notes.append(
                    ReviewNote(
                        case=case, author=self.reviewer, body=rng.choice(texts.REVIEW_NOTES), created_at=at
                    )
                )
                events.append(at)
        return events

    def _longer_plan(self, case, payments, plan_day) -> list:
        """The counter-offer: the same debt over more months, when that gives a different schedule."""
        if not payments:
            return []
        total = sum((p.amount for p in payments), Decimal("0"))
        months = len(payments) + self.rng.randint(2, 6)
        start = schedule_start(case, today=plan_day)
        try:
            longer = suggest_schedule(
                amount=total, capacity=_cents(total / months) + 1, start=start, max_months=months
            )
        except NoScheduleFits:
            return []
        rows = list(longer.payments)
        return rows if len(rows) != len(payments) else []

    def _contact(self, case, at, outcome, channel) -> ContactAttempt:
        rng = self.rng
        agent = (
            ""
            if channel == "social" or (channel == "chat" and rng.random() < 0.3)
            else f"{rng.choice(['', '', 'A', 'K'])}{rng.randint(1000, 99999)}"
        )
        ticket = (
            "" if rng.random() < 0.35 else f"{rng.choice(['', 'GD'])}{at:%Y%m%d}{rng.randint(100000, 999999)}"
        )
        follow_up = None
        if outcome in (Outcome.CALL_BACK, Outcome.DOCUMENTS_REQUESTED, Outcome.PENDING, Outcome.NO_ANSWER):
            day = timezone.localdate(at) + dt.timedelta(days=rng.randint(1, 5))
            follow_up = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.choice([10, 14, 16]), 0)))
        offer = rng.choice(texts.OFFERS[outcome]).format(
            days=case.requested_deferral_days or 30, months=rng.choice([3, 6, 12])
        )
        promised = rng.choice(texts.PROMISES).format(
            date=(timezone.localdate(at) + dt.timedelta(days=3)).strftime("%m月%d日"),
            day=rng.randint(1, 28),
            amount=rng.randrange(200, 2000, 100),
        )
        return ContactAttempt(
            channel=channel,
            occurred_at=at,
            agent_id=agent,
            ticket_number=ticket,
            outcome=outcome,
            call_recorded=rng.choice([True, True, None, False]) if channel == "phone" else None,
            offer_made=offer if outcome != Outcome.NO_ANSWER else "",
            promised=promised if outcome not in (Outcome.NO_ANSWER, Outcome.REFUSED) else "",
            next_follow_up=follow_up,
            notes=rng.choice(texts.CONTACT_NOTES),
            recorded_by=case.owner,
            created_at=min(at + dt.timedelta(minutes=rng.randint(2, 180)), self.now),
        )

    # --- Insert ---

    def insert(self, batch: Batch, *, batch_size: int) -> None:
        """Insert one batch in one transaction; related rows get their case ids after the cases are in."""
        with transaction.atomic():
            cases = Case.objects.bulk_create(batch.cases, batch_size=batch_size)
            Case.history.bulk_history_create(cases, batch_size=batch_size, default_change_reason="demo data")
            payments = []
            for case, rows in batch.payments:
                payments += [Payment(case=case, due_on=row.due_on, amount=row.amount) for row in rows]
            Payment.objects.bulk_create(payments, batch_size=batch_size)

            versions, by_case = [], {}
            for case, number, rows, at in batch.versions:
                snapshot = plan_snapshot(case, payments=rows)
                version = PlanVersion(
                    case=case,
                    number=number,
                    content_hash=snapshot_hash(snapshot),
                    data=snapshot,
                    created_at=at,
                    created_by=case.owner,
                )
                versions.append(version)
                by_case[(case.pk, number)] = version
            PlanVersion.objects.bulk_create(versions, batch_size=batch_size)

            contacts = []
            for case, contact, number in batch.contacts:
                contact.case = case
                contact.plan_version = by_case.get((case.pk, number))
                contacts.append(contact)
            ContactAttempt.objects.bulk_create(contacts, batch_size=batch_size)
            corrections = []
            for case, correction, index in batch.corrections:
                correction.case = case
                correction.corrects = contacts[index]
                correction.plan_version = contacts[index].plan_version
                corrections.append(correction)
            ContactAttempt.objects.bulk_create(corrections, batch_size=batch_size)

            StatusChange.objects.bulk_create(batch.changes, batch_size=batch_size)
            ReviewNote.objects.bulk_create(batch.notes, batch_size=batch_size)

        totals = self.totals
        totals.cases += len(cases)
        totals.payments += len(payments)
        totals.versions += len(versions)
        totals.contacts += len(contacts) + len(corrections)
        totals.changes += len(batch.changes)
        totals.notes += len(batch.notes)


class Command(BaseCommand):
    help = (
        "Create demo logins (borrower 'demo', counselor 'reviewer') and realistic cases. "
        "Prints the logins. With --if-empty, does nothing when cases exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=40, help="How many cases to create (default 40).")
        parser.add_argument(
            "--contacts-per-case",
            type=int,
            default=3,
            help="Contact attempts on each case that has reached the lender (default 3).",
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any case exists.")
        parser.add_argument("--seed", type=int, default=20261125, help="Seed of the random generator.")
        parser.add_argument("--batch-size", type=int, default=1000, help="Cases per transaction.")

    def handle(
        self, *args, cases: int, contacts_per_case: int, if_empty: bool, seed: int, batch_size: int, **options
    ):
        if cases < 0 or contacts_per_case < 0 or batch_size < 1:
            raise CommandError("--cases and --contacts-per-case must be 0 or more, --batch-size at least 1.")
        if if_empty and Case.objects.exists():
            self.stdout.write("Cases already exist: no demo data added (run without --if-empty to add more).")
            # `make run` calls this every time: give working demo logins again, when they exist.
            logins = get_user_model().objects.filter(username__in=[DEMO_USERNAME, REVIEWER_USERNAME])
            if logins.count() == 2:
                demo, demo_password = self._login(DEMO_USERNAME, email="demo@example.com", first_name="小明")
                _reviewer, reviewer_password = self._login(
                    REVIEWER_USERNAME, email="reviewer@example.com", first_name="王老师", staff=True
                )
                self._print_logins(demo_password, reviewer_password)
            return
        started = time.perf_counter()
        load_lender_profiles(lender_model=Lender, channel_model=LenderChannel)
        group = reviewer_group_sync(group_model=Group, permission_model=Permission)
        demo, demo_password = self._login(DEMO_USERNAME, email="demo@example.com", first_name="小明")
        reviewer, reviewer_password = self._login(
            REVIEWER_USERNAME, email="reviewer@example.com", first_name="王老师", staff=True
        )
        reviewer.groups.add(group)

        now = timezone.now()
        lenders = list(Lender.objects.prefetch_related("channels").order_by("sort_order", "slug"))
        seeder = DemoSeeder(
            rng=random.Random(seed),
            lenders=lenders,
            demo=demo,
            reviewer=reviewer,
            contacts_per_case=contacts_per_case,
            now=now,
        )
        demo_count = min(DEMO_CASES, cases)
        borrowers = seeder.borrowers(
            math.ceil((cases - demo_count) / CASES_PER_BORROWER), batch_size=batch_size
        )
        statuses = list(STATUS_WEIGHTS)
        with explicit_timestamps():
            batch = Batch()
            for index in range(cases):
                if index < demo_count:
                    owner, status = demo, DEMO_STATUSES[index % len(DEMO_STATUSES)]
                else:
                    generated = index - demo_count
                    owner = borrowers[generated // CASES_PER_BORROWER]
                    status = (
                        statuses[generated]
                        if generated < len(statuses)
                        else seeder.rng.choices(statuses, weights=list(STATUS_WEIGHTS.values()))[0]
                    )
                due_in = DEMO_DUE_IN_DAYS[index % len(DEMO_DUE_IN_DAYS)] if owner is demo else None
                seeder.case(index, owner, status, batch, due_in=due_in)
                if len(batch.cases) >= batch_size:
                    seeder.insert(batch, batch_size=batch_size)
                    batch = Batch()
                    if cases >= 10 * batch_size and seeder.totals.cases % (10 * batch_size) == 0:
                        self.stdout.write(
                            f"  {seeder.totals.cases} cases… ({time.perf_counter() - started:.0f} s)"
                        )
            if batch.cases:
                seeder.insert(batch, batch_size=batch_size)

        t = seeder.totals
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo data: {t.cases} cases ({demo_count} for '{DEMO_USERNAME}'), {t.borrowers} generated borrowers, "
            f"{t.payments} payments, {t.versions} plan versions, {t.contacts} contact attempts, "
            f"{t.changes} status changes, {t.notes} review notes in {elapsed:.1f} s."
        )
        self._print_logins(demo_password, reviewer_password)

    def _print_logins(self, demo_password, reviewer_password):
        self.stdout.write("Log in (the passwords change each time this command runs):")
        self.stdout.write(
            f"  borrower:  username {DEMO_USERNAME}  password {demo_password}  (site: /accounts/login/)"
        )
        self.stdout.write(
            f"  counselor: username {REVIEWER_USERNAME}  password {reviewer_password}  (admin: /admin/)"
        )

    def _login(self, username, *, email, first_name, staff=False):
        """Create or reset a demo login with a fresh random password; return (user, password)."""
        password = secrets.token_urlsafe(9)
        user, _created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.first_name = first_name
        user.is_staff = staff
        user.is_superuser = False
        user.is_active = True
        user.set_password(password)
        user.save()
        return user, password
