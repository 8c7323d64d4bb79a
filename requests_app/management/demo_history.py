"""The history of a demo case: its plan versions, contact attempts, status changes and review notes, as
they would have happened from its creation to its status (a mixin of demo_seeder.DemoSeeder)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from requests_app.management import demo_texts as texts
from requests_app.management.demo_data import DECIDED
from requests_app.models import (
    Case,
    ContactAttempt,
    ReviewNote,
    StatusChange,
)
from requests_app.services.formatting import to_cents
from requests_app.services.schedule import (
    NoScheduleFits,
    schedule_start,
    suggest_schedule,
)

Status = Case.Status
Outcome = ContactAttempt.Outcome


class DemoHistory:
    """Builds the rows of a case's history; `self` is a DemoSeeder (rng, now, reviewer, batch lists)."""

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
                amount=total, capacity=to_cents(total / months) + 1, start=start, max_months=months
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
