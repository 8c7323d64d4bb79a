"""Review desk: median server time of the case changelist and a case page over 100 000 seeded cases.

Seeds `var/bench.sqlite3` with `seed_demo --cases 100000 --contacts-per-case 5` the first time (and prints
how long that took), reuses it afterwards. The requests go through Django's test Client as the demo
counselor, in a separate process pointed at that database; each page is requested a few times first
(warm-up), then REQUESTS times. The target is 300 ms median for each of the two main pages.
"""

import fcntl
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = ROOT / "var" / "bench.sqlite3"
CASES = 100_000
CONTACTS_PER_CASE = 5
REQUESTS = 20
EXTRA_REQUESTS = 5
WARM_UP = 3
TARGET_MS = 300


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{BENCH_DB}",
        "DJANGO_DEBUG": "True",
        "DJANGO_SETTINGS_MODULE": "deferral_site.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=_env(), check=True)


def _case_count() -> int:
    if not BENCH_DB.exists():
        return 0
    try:
        with sqlite3.connect(BENCH_DB) as connection:
            return connection.execute("SELECT COUNT(*) FROM requests_app_case").fetchone()[0]
    except sqlite3.Error:
        return 0


def _prepare() -> tuple[str, str]:
    """Migrate the bench database and seed it when it holds fewer than CASES cases; (label, value)."""
    BENCH_DB.parent.mkdir(exist_ok=True)
    with open(BENCH_DB.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another `make bench` may be seeding the same file
        existing = _case_count()
        if existing >= CASES:
            _manage("migrate", "--noinput", "-v0")
            return ("bench database (reused)", f"{BENCH_DB.relative_to(ROOT)}, {existing} cases")
        for path in BENCH_DB.parent.glob(BENCH_DB.name + "*"):
            path.unlink()
        _manage("migrate", "--noinput", "-v0")
        started = time.perf_counter()
        _manage("seed_demo", "--cases", str(CASES), "--contacts-per-case", str(CONTACTS_PER_CASE))
        return (
            f"seed_demo --cases {CASES} --contacts-per-case {CONTACTS_PER_CASE}",
            f"{time.perf_counter() - started:.0f} s",
        )


def run() -> list[tuple[str, str]]:
    figures = [_prepare()]
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.admin"],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    for row in json.loads(result.stdout.strip().splitlines()[-1]):
        verdict = (
            ""
            if row["target_ms"] is None
            else (" ✓" if row["median_ms"] <= row["target_ms"] else " ✗ over target")
        )
        figures.append(
            (
                f"{row['label']} (median of {row['requests']})",
                f"{row['median_ms']:.0f} ms (p90 {row['p90_ms']:.0f} ms, {row['queries']} queries){verdict}",
            )
        )
    return figures


def measure() -> list[dict]:
    """Time the pages in this process (pointed at the bench database by the environment)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client

    from requests_app.models import Case, ContactAttempt

    client = Client()
    client.force_login(get_user_model().objects.get(username="reviewer"))
    # A case in the middle of the table with a full record: a long schedule and the contacts asked for.
    middle = Case.objects.order_by("-pk").values_list("pk", flat=True).first() // 2
    case = (
        Case.objects.filter(pk__gte=middle, status=Case.Status.CONTACTED)
        .annotate(payment_count=Count("payments"))
        .filter(payment_count__gte=6)
        .order_by("pk")
        .first()
    )
    ticket = (
        ContactAttempt.objects.exclude(ticket_number="")
        .order_by("pk")
        .values_list("ticket_number", flat=True)[1000]
    )
    changelist = "/admin/requests_app/case/"
    pages = [
        ("case changelist, default filters", changelist, REQUESTS, TARGET_MS),
        (
            f"case change page ({case.payments.count()} payments, {case.contacts.count()} contacts)",
            f"{changelist}{case.pk}/change/",
            REQUESTS,
            TARGET_MS,
        ),
        ("changelist filtered: overdue", f"{changelist}?urgency=overdue", EXTRA_REQUESTS, None),
        ("changelist filtered: follow-up due", f"{changelist}?urgency=follow_up", EXTRA_REQUESTS, None),
        ("changelist search: a ticket number", f"{changelist}?q={ticket}", EXTRA_REQUESTS, None),
    ]
    rows = []
    for label, url, requests, target in pages:
        for _n in range(WARM_UP):
            assert client.get(url).status_code == 200, url
        times = []
        for _n in range(requests):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        queries = len(connection.queries)
        times.sort()
        rows.append(
            {
                "label": label,
                "requests": requests,
                "median_ms": statistics.median(times),
                "p90_ms": times[max(0, int(len(times) * 0.9) - 1)],
                "queries": queries,
                "target_ms": target,
            }
        )
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(measure()))
