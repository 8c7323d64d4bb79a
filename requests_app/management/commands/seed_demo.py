"""`seed_demo`: demo logins and realistic cases, fast enough for 100 000 cases (the data is built by
requests_app.management.demo_seeder).

Creates a demo borrower (`demo`) with a handful of cases and a demo counselor (`reviewer`, staff, in the
Reviewer group) with some cases assigned, then cases for generated borrowers. Passwords of the two logins
are random and printed (they change on every run).
"""

import math
import random
import secrets
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests_app.lender_profiles import load_lender_profiles, load_lender_programmes
from requests_app.management.demo_data import (
    CASES_PER_BORROWER,
    DEMO_CASES,
    DEMO_DUE_IN_DAYS,
    DEMO_STATUSES,
    DEMO_USERNAME,
    REVIEWER_USERNAME,
    STATUS_WEIGHTS,
    Batch,
    explicit_timestamps,
)
from requests_app.management.demo_seeder import DemoSeeder
from requests_app.models import Case, Lender, LenderChannel, LenderProgramme
from requests_app.services.review import reviewer_group_sync
from requests_app.services.second_factor import authenticator_enrol


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
                reviewer, reviewer_password = self._login(
                    REVIEWER_USERNAME, email="reviewer@example.com", first_name="王老师", staff=True
                )
                self._print_logins(demo_password, reviewer, reviewer_password)
            return
        started = time.perf_counter()
        load_lender_profiles(lender_model=Lender, channel_model=LenderChannel)
        load_lender_programmes(lender_model=Lender, programme_model=LenderProgramme)
        load_lender_programmes(lender_model=Lender, programme_model=LenderProgramme)
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
        self._print_logins(demo_password, reviewer, reviewer_password)

    def _print_logins(self, demo_password, reviewer, reviewer_password):
        self.stdout.write("Log in (the passwords change each time this command runs):")
        self.stdout.write(
            f"  borrower:  username {DEMO_USERNAME}  password {demo_password}  (site: /accounts/login/)"
        )
        self.stdout.write(
            f"  counselor: username {REVIEWER_USERNAME}  password {reviewer_password}  (admin: /admin/)"
        )
        # Counselors enter the admin with a code from an authenticator app (a new one each run, like the
        # passwords): add the secret to any TOTP app, or print the current code with the command below.
        enrolment = authenticator_enrol(user=reviewer)
        self.stdout.write(f"             authenticator secret {enrolment.secret}")
        self.stdout.write(f"             ({enrolment.provisioning_uri})")
        self.stdout.write(
            "             or, in development, the current code: "
            f"DJANGO_DEBUG=True .venv/bin/python manage.py authenticator_code {REVIEWER_USERNAME}"
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
