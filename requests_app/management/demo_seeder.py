"""The demo data behind `manage.py seed_demo`: realistic cases, fast enough for 100 000 cases.

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
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from requests_app.management import demo_texts as texts
from requests_app.management.demo_data import (
    AGE_DAYS,
    AMOUNT_RANGE,
    CASES_PER_BORROWER,
    GENERATED_PREFIX,
    HARDSHIP_WEIGHTS,
    Batch,
    Totals,
)
from requests_app.management.demo_history import DemoHistory
from requests_app.models import (
    Budget,
    Case,
    Commitment,
    ContactAttempt,
    Payment,
    PlanVersion,
    ReviewNote,
    StatusChange,
)
from requests_app.services.budget import budget_totals, household_plan_from, token_offer
from requests_app.services.contacts import case_contact_summary_refresh
from requests_app.services.finances import amount_to_repay
from requests_app.services.formatting import to_cents
from requests_app.services.schedule import (
    NoScheduleFits,
    case_max_months,
    schedule_start,
    suggest_schedule,
)
from requests_app.services.versions import plan_snapshot, snapshot_hash
from requests_app.services.wizard import STEP_FIELDS, WIZARD_STEPS

Status = Case.Status
Outcome = ContactAttempt.Outcome


class DemoSeeder(DemoHistory):
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
        self.budgets: dict = {}

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
        return to_cents(Decimal(int(value * 100)) / 100)

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

    def _budget(self, owner, category: str):
        """The owner's household budget (made with their first case): income by source, essentials spread
        over the categories, sometimes rent paid first. The draws come first, so the same seed gives the same
        cases whether or not the borrower already has a budget from an earlier run."""
        if owner.pk in self.budgets:
            return self.budgets[owner.pk]
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
        total = Decimal(rng.randrange(income[0], income[1], 100))
        essentials = to_cents(total * Decimal(rng.uniform(0.45, 0.75)))
        weights = {
            "spend_food": 30,
            "spend_housing": 10,
            "spend_utilities": 8,
            "spend_transport": 12,
            "spend_communications": 5,
            "spend_children": 15,
            "spend_medical": 10,
            "spend_other": 10,
        }
        spread = {name: to_cents(essentials * weight / 100) for name, weight in weights.items()}
        salary = to_cents(total * Decimal(rng.choice(["1", "1", "0.7", "0.5"])))
        household_size = rng.choice([1, 2, 3, 3, 4])
        notes = rng.choice(texts.INCOME_SOURCES[category])
        rent = Decimal(rng.choice([0, 0, 500, 800, 1200]))
        budget = Budget.objects.filter(owner=owner).first()
        if budget is None:
            budget = Budget.objects.create(
                owner=owner,
                household_size=household_size,
                income_salary=salary,
                income_irregular=total - salary,
                income_notes=notes,
                **spread,
            )
            if rent and rent < total - essentials:
                Commitment.objects.create(budget=budget, kind=Commitment.Kind.RENT, monthly_payment=rent)
        prefetch_related_objects([budget], "commitments")
        self.budgets[owner.pk] = budget
        return budget

    def _rough_share(self, budget) -> Decimal:
        available = budget_totals(budget).available
        return max(to_cents(available / CASES_PER_BORROWER), token_offer())

    def _ensure_a_plan_fits(self, case, plan_day: dt.date) -> list:
        """The schedule the wizard would suggest on `plan_day` with the owner's rough share (the exact share
        is known once all the owner's cases exist); longer terms when it does not fit."""
        capacity = self._rough_share(self.budgets[case.owner.pk])
        amount, start = amount_to_repay(case), schedule_start(case, today=plan_day)
        for months in (case_max_months(case), 24, 36, 60):
            try:
                plan = suggest_schedule(amount=amount, capacity=capacity, start=start, max_months=months)
                return list(plan.payments)
            except NoScheduleFits:
                capacity = capacity * 2
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
            case.installment_amount = to_cents(per_period)
        else:
            case.repayment_mode = Case.RepaymentMode.FULL
        self._budget(owner, category)

        payments: list = []
        if status == Status.DRAFT:
            step = rng.randint(0, len(WIZARD_STEPS) - 1)
            case.wizard_step = WIZARD_STEPS[step]
            if step <= WIZARD_STEPS.index("mode"):  # the story is not told yet
                for name in STEP_FIELDS["hardship"]:
                    setattr(case, name, Case._meta.get_field(name).get_default())
            if step >= WIZARD_STEPS.index("schedule"):
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

    def insert(self, batch: Batch, *, batch_size: int) -> None:
        """Insert one batch in one transaction; related rows get their case ids after the cases are in."""
        with transaction.atomic():
            cases = Case.objects.bulk_create(batch.cases, batch_size=batch_size)
            Case.history.bulk_history_create(cases, batch_size=batch_size, default_change_reason="demo data")
            payments = []
            for case, rows in batch.payments:
                payments += [Payment(case=case, due_on=row.due_on, amount=row.amount) for row in rows]
            Payment.objects.bulk_create(payments, batch_size=batch_size)

            by_owner: dict = {}
            for case in cases:
                by_owner.setdefault(case.owner_id, []).append(case)
            agreed = {case.pk: rows for case, rows in batch.payments}
            for owner_id, owned in by_owner.items():
                plan = household_plan_from(
                    budget=self.budgets.get(owner_id), cases=owned, agreed_payments=agreed
                )
                for case in owned:
                    case._household_plan = plan
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
            case_contact_summary_refresh(case_ids=[case.pk for case in cases])

            StatusChange.objects.bulk_create(batch.changes, batch_size=batch_size)
            ReviewNote.objects.bulk_create(batch.notes, batch_size=batch_size)

        totals = self.totals
        totals.cases += len(cases)
        totals.payments += len(payments)
        totals.versions += len(versions)
        totals.contacts += len(contacts) + len(corrections)
        totals.changes += len(batch.changes)
        totals.notes += len(batch.notes)
