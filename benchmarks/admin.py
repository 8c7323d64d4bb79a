"""Review desk: median server time of the case changelist and a case page over 100 000 seeded cases.

Seeds `var/bench.sqlite3` with `seed_demo --cases 100000 --contacts-per-case 5` the first time (and prints
how long that took), reuses it afterwards. With DATABASE_URL pointing at PostgreSQL (`make bench
DATABASE_URL=postgres://...`), that database instead: seeded when empty, reused when it holds the cases
(BENCH_CASES sets how many, 100 000 by default). The requests go through Django's test Client as the demo
counselor, in a separate process pointed at that database; each page is requested a few times first
(warm-up), then REQUESTS times. The target is 300 ms median for each of the two main pages. Each changelist
view's main query (the page of cases) is printed with its plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
QUERY PLAN on SQLite), so that the indexes can be seen in use.
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
CASES = int(os.environ.get("BENCH_CASES", "100000"))
CONTACTS_PER_CASE = 5
REQUESTS = 20
EXTRA_REQUESTS = 5
WARM_UP = 3
TARGET_MS = 300
#: Every changelist view within this many times the ticket-number search of the same run (issue 15).
RATIO_TARGET = 2.0


def _database_url() -> str:
    """PostgreSQL when DATABASE_URL names it, else the bench's own SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else f"sqlite:///{BENCH_DB}"


def _on_postgres() -> bool:
    return not _database_url().startswith("sqlite")


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "True",
        "DJANGO_SETTINGS_MODULE": "deferral_site.settings",
        "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=_env(), check=True)


def _case_count() -> int:
    if _on_postgres():
        import psycopg

        try:
            with psycopg.connect(_database_url()) as connection:
                return connection.execute("SELECT COUNT(*) FROM requests_app_case").fetchone()[0]
        except psycopg.Error:
            return 0
    if not BENCH_DB.exists():
        return 0
    try:
        with sqlite3.connect(BENCH_DB) as connection:
            return connection.execute("SELECT COUNT(*) FROM requests_app_case").fetchone()[0]
    except sqlite3.Error:
        return 0


def _seed() -> tuple[str, str]:
    started = time.perf_counter()
    _manage("seed_demo", "--cases", str(CASES), "--contacts-per-case", str(CONTACTS_PER_CASE))
    if _on_postgres():
        # The planner's statistics and the visibility map, as autovacuum would make them soon after a bulk
        # load (without the map no index-only scan: counting a filtered queue would read the table).
        import psycopg

        with psycopg.connect(_database_url(), autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    return (
        f"seed_demo --cases {CASES} --contacts-per-case {CONTACTS_PER_CASE}",
        f"{time.perf_counter() - started:.0f} s",
    )


def _prepare() -> tuple[str, str]:
    """Migrate the bench database and seed it when it holds fewer than CASES cases; (label, value)."""
    if _on_postgres():
        _manage("migrate", "--noinput", "-v0")
        existing = _case_count()
        shown = _database_url().rsplit("@", 1)[-1]
        if existing >= CASES:
            return ("bench database (reused)", f"PostgreSQL {shown}, {existing} cases")
        if existing:
            raise SystemExit(
                f"{shown} holds {existing} cases, fewer than {CASES}: point DATABASE_URL at an empty database"
            )
        return _seed()
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
        return _seed()


def main_changelist_query(queries: list[dict]) -> str:
    """The SQL of a changelist request's main query, the page of cases it lists (from Django's captured
    queries): the first SELECT from the case table in the queue's order."""
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and 'FROM "requests_app_case"' in sql and '"queue_rank" ASC' in sql:
            return sql
    raise LookupError("no page-of-cases query among the changelist's queries")


def explain(sql: str, *, analyze: bool = True) -> list[str]:
    """The plan of `sql` on the current database, one line per row: EXPLAIN (ANALYZE, BUFFERS) on
    PostgreSQL (`analyze=False`: the plan without running it), EXPLAIN QUERY PLAN on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [row[-1] for row in cursor.fetchall()]


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
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    yardstick = rows[0]["median_ms"]
    for row in rows:
        ratio = row["median_ms"] / yardstick if yardstick else float("nan")
        verdicts = []
        if row["target_ms"] is not None:
            verdicts.append("✓" if row["median_ms"] <= row["target_ms"] else "✗ over target")
        if row is not rows[0] and "changelist" in row["label"]:
            verdicts.append("✓ ≤2×" if ratio <= RATIO_TARGET else f"✗ over {RATIO_TARGET:.0f}×")
        figures.append(
            (
                f"{row['label']} (median of {row['requests']})",
                f"{row['median_ms']:.0f} ms = {ratio:.1f}× ticket search "
                f"(p90 {row['p90_ms']:.0f} ms, {row['queries']} queries) {' '.join(verdicts)}".rstrip(),
            )
        )
    for row in rows:
        if row.get("plan"):
            figures.append((f"plan of the main query: {row['label']}", "\n      ".join(["", *row["plan"]])))
    return figures


def measure() -> list[dict]:
    """Time the pages in this process (pointed at the bench database by the environment)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from requests_app.models import Case, ContactAttempt, Lender
    from requests_app.services.access import cases_for

    client = Client()
    reviewer = get_user_model().objects.get(username="reviewer")
    client.force_login(reviewer)
    # The admin asks counselors for an authenticator code: the session holds a verified device, as after
    # a log-in with the code.
    device, _created = TOTPDevice.objects.get_or_create(
        user=reviewer, defaults={"name": "bench", "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    # A case in the middle of the table with a full record: a long schedule and the contacts asked for.
    middle = Case.objects.order_by("-pk").values_list("pk", flat=True).first() // 2
    visible = cases_for(reviewer)
    case = (
        visible.filter(pk__gte=middle, status=Case.Status.CONTACTED)
        .annotate(payment_count=Count("payments"))
        .filter(payment_count__gte=6)
        .order_by("pk")
        .first()
    )
    ticket = (
        ContactAttempt.objects.filter(case__in=visible)
        .exclude(ticket_number="")
        .order_by("pk")
        .values_list("ticket_number", flat=True)[1000]
    )
    lender = Lender.objects.order_by("sort_order", "slug").values_list("pk", flat=True).first()
    changelist = "/admin/requests_app/case/"
    pages = [
        ("changelist search: a ticket number (the yardstick)", f"{changelist}?q={ticket}", REQUESTS, None),
        ("case changelist, default filters", changelist, REQUESTS, TARGET_MS),
        (
            f"case change page ({case.payments.count()} payments, {case.contacts.count()} contacts)",
            f"{changelist}{case.pk}/change/",
            REQUESTS,
            TARGET_MS,
        ),
        ("changelist filtered: overdue", f"{changelist}?urgency=overdue", EXTRA_REQUESTS, None),
        ("changelist filtered: due soon", f"{changelist}?urgency=due_soon", EXTRA_REQUESTS, None),
        ("changelist filtered: follow-up due", f"{changelist}?urgency=follow_up", EXTRA_REQUESTS, None),
        ("changelist filtered: assigned to me", f"{changelist}?assigned=me", EXTRA_REQUESTS, None),
        (
            "changelist filtered: status contacted",
            f"{changelist}?status__exact=contacted",
            EXTRA_REQUESTS,
            None,
        ),
        ("changelist filtered: lender", f"{changelist}?lender__id__exact={lender}", EXTRA_REQUESTS, None),
        (
            "changelist filtered: lender's answer refused",
            f"{changelist}?answer=refused",
            EXTRA_REQUESTS,
            None,
        ),
        ("changelist filtered: lender's answer agreed", f"{changelist}?answer=agreed", EXTRA_REQUESTS, None),
        (
            "changelist filtered: counter-offer not decided",
            f"{changelist}?answer=counter_offer_open",
            EXTRA_REQUESTS,
            None,
        ),
        ("changelist filtered: payment missed", f"{changelist}?answer=payment_missed", EXTRA_REQUESTS, None),
        ("changelist search: a username", f"{changelist}?q=borrower00042", EXTRA_REQUESTS, None),
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
        plan = explain(main_changelist_query(connection.queries)) if "changelist" in label else []
        times.sort()
        rows.append(
            {
                "label": label,
                "requests": requests,
                "median_ms": statistics.median(times),
                "p90_ms": times[max(0, int(len(times) * 0.9) - 1)],
                "queries": queries,
                "target_ms": target,
                "plan": plan,
            }
        )
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(measure()))
