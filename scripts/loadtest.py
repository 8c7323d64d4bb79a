#!/usr/bin/env python3
"""`make loadtest` (SQLite) and `make loadtest DB=postgres`: Deferral Desk under 20 concurrent borrowers.

1. A fresh database: var/loadtest.sqlite3, or a new PostgreSQL database on the server of
   scripts/postgres_url.py (dropped again at the end; LOADTEST_KEEP_DB=1 keeps it).
2. migrate, the demo data (`seed_demo --cases 2000 --contacts-per-case 3`), and 20 load-test borrowers,
   each with a case made ready through the services, then collectstatic; on PostgreSQL, VACUUM ANALYZE
   (`planner_statistics`: the statistics autovacuum would soon gather in production).
3. gunicorn on 127.0.0.1 (a free port) in production mode: DJANGO_DEBUG=False, a generated secret key,
   plain http on loopback only (DJANGO_SECURE_SSL_REDIRECT=False, DJANGO_SECURE_COOKIES=False).
4. locust headless (loadtest/locustfile.py): 20 users for LOADTEST_DURATION (default 2m) log in, list
   their cases, open the case, save a wizard step, log contacts (a unique marker in each, some sent twice
   as a double tap does) and download the PDF.
5. The report: requests per second, p50/p95 latency per endpoint, the count of 5xx, and whether every
   contact the load saw saved (a redirect after the POST) is in the database exactly once. Beside the load's
   figures, two baselines measured in the same run: the case page and the PDF download for one person alone
   on the server just before the load (`idle_baseline`), and a fixed piece of pure-Python work timed on this
   machine (`cpu_yardstick`), to compare runs on machines of different speeds; and the CPU seconds that
   gunicorn, the worker, locust and, on PostgreSQL, the database server used while the load ran.

A background worker (`db_worker`) runs beside gunicorn, as in production: it renders each case's PDF
ahead after a plan change, so the download is served from the stored file; the report prints the
worker's render times separately. Exits non-zero on any 5xx, any lost or duplicated contact, or a run
that did not get going. The latency targets (p95 ≤ 50 ms for the case page, ≤ 200 ms for other pages,
≤ 20 ms for the PDF download) are printed, not enforced. gunicorn and locust are stopped at the end
whatever happens. Settings: LOADTEST_DURATION (e.g. 30s, 2m), LOADTEST_USERS (20), LOADTEST_SPAWN_RATE
(people arriving per second, 1 as locust's default), LOADTEST_WORKERS and LOADTEST_THREADS (gunicorn;
defaults measured on the 2-core machine).
"""

import argparse
import http.cookiejar
import json
import math
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
WORK = VAR / "loadtest"
SQLITE_PATH = VAR / "loadtest.sqlite3"
PYTHON = sys.executable
BIN = Path(PYTHON).parent

PAGE_TARGET_MS = 200
CASE_PAGE_TARGET_MS = 50
PDF_TARGET_MS = 20  # served from the PDF the worker rendered ahead (issue 15)
ACCOUNTS_FILE = WORK / "accounts.json"
RESULTS_FILE = WORK / "results.json"
ACCESS_LOG = WORK / "access.log"
PASSWORD = "load-test-" + "borrower-pass"  # loopback only; the accounts live in a throwaway database
WORKER_NICENESS = 10  # as manage.py run_with_worker starts it
WORKER_POLL_SECONDS = 0.2  # likewise


def lower_priority(niceness: int) -> None:
    """In the child before it runs: nice it, and with LOADTEST_WORKER_IDLE=1 make it SCHED_IDLE too."""
    os.nice(niceness)
    if os.environ.get("LOADTEST_WORKER_IDLE") == "1":
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def log(message: str) -> None:
    print(f"[loadtest] {message}", flush=True)


# --- Inside Django: preparing the borrowers, checking the contacts ----------------------------------------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deferral_site.settings")
    import django

    django.setup()


def prepare_borrowers(count: int) -> None:
    """`count` borrowers, each with a ready case made through the services, written to ACCOUNTS_FILE."""
    django_setup()
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from requests_app.models import Case, Lender
    from requests_app.services.cases import (
        case_create,
        case_mark_ready,
        case_schedule_replace,
        case_step_save,
    )
    from requests_app.services.findings import has_errors
    from requests_app.services.household import budget_save
    from requests_app.services.schedule import suggest_schedule_for_case

    today = timezone.localdate()
    lenders = list(Lender.objects.filter(is_active=True).order_by("sort_order", "slug"))
    accounts = []
    for number in range(count):
        user = get_user_model().objects.create_user(
            username=f"load-{number:02d}", email=f"load-{number:02d}@example.com", password=PASSWORD
        )
        case = case_create(
            owner=user,
            cleaned_data={
                "lender": lenders[number % len(lenders)],
                "account_hint": f"62220000{number:04d}",
                "amount_due": Decimal("3000.00") + number * 100,
                "due_date": today + dt.timedelta(days=10 + number % 7),
            },
        )
        # The household budget (income, essentials, a payment made first) that the plan's offer comes from.
        budget_save(
            owner=user,
            values={
                "household_size": 2,
                "income_salary": Decimal("6000.00"),
                "spend_food": Decimal("1600.00"),
                "spend_housing": Decimal("1000.00"),
                "spend_transport": Decimal("560.00"),
                "spend_other": Decimal("340.00"),
                "income_notes": "工资",
            },
            commitments=[{"kind": "other_debt", "monthly_payment": Decimal("300.00")}],
            expected_version=None,
            by=user,
        )
        # The wizard's finances step: no other offer than the fair share.
        finances = {"offer_override": "", "offer_override_reason": ""}
        for step, data in [
            ("mode", {"repayment_mode": Case.RepaymentMode.FULL}),
            (
                "hardship",
                {
                    "hardship_category": Case.HardshipCategory.INCOME_DROP,
                    "hardship_since": today - dt.timedelta(days=45),
                    "hardship_expected_end": today + dt.timedelta(days=60),
                    "hardship_narrative": "公司减薪一半，这个月工资只有平时的一半，家里的开销没有减少，需要延期一个月。",
                    "evidence": ["id_card", "payslips"],
                    "evidence_notes": "",
                },
            ),
            ("finances", {"offer_override": None, "offer_override_reason": ""}),
            ("schedule", {"requested_deferral_days": 30}),
        ]:
            case = case_step_save(
                case=case, step=step, cleaned_data=data, expected_version=case.version, by=user
            ).case
        schedule = suggest_schedule_for_case(case)
        case = case_schedule_replace(
            case=case, payments=schedule.payments, expected_version=case.version, by=user
        ).case
        findings = case_mark_ready(case=case, by=user)
        if has_errors(findings):
            raise SystemExit(f"load-test case {number} is not ready: {[f.code for f in findings]}")
        accounts.append(
            {
                "username": user.username,
                "password": PASSWORD,
                "case": str(case.public_id),
                "finances": finances,
            }
        )
    ACCOUNTS_FILE.write_text(json.dumps(accounts, indent=2), encoding="utf-8")


def render_ahead_ms() -> list[float]:
    """How long each PDF the worker rendered ahead took (the render time the download no longer waits for)."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        task_path__endswith="plan_pdf_render_ahead", status="SUCCESSFUL", return_value=True
    ).values_list("started_at", "finished_at")
    return [(finished - started).total_seconds() * 1000 for started, finished in rows if started and finished]


def render_ahead_waiting(*statuses: str) -> int:
    """Render jobs queued and not yet started (or in any of `statuses`): the worker's backlog."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path__endswith="plan_pdf_render_ahead", status__in=statuses or ("READY",)
    ).count()


def print_render_backlog() -> None:
    """Print how many render jobs are queued or running (the runner waits for 0 before the idle baseline)."""
    django_setup()
    print(render_ahead_waiting("READY", "RUNNING"))


def verify_contacts() -> None:
    """Every marker the load saw saved must be in exactly one contact entry; prints a JSON verdict."""
    django_setup()
    from collections import Counter

    from requests_app.models import ContactAttempt

    results = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    saved = set(results["contacts_saved"])
    found = Counter(
        ContactAttempt.objects.filter(notes__startswith="loadtest-").values_list("notes", flat=True)
    )
    print(
        json.dumps(
            {
                "saved_by_the_load": len(saved),
                "in_the_database": sum(found[marker] for marker in saved),
                "lost": sorted(marker for marker in saved if found[marker] == 0),
                "duplicated": sorted(marker for marker, n in found.items() if n > 1),
                "render_ahead_ms": render_ahead_ms(),
                "render_ahead_waiting": render_ahead_waiting(),
            }
        )
    )


# --- Outside Django: the run ----------------------------------------------------------------------------


class Run:
    """The processes started and the database created, so that `stop` can always clean up."""

    def __init__(self):
        self.processes: list[subprocess.Popen] = []
        self.remove_after: list[Path] = []
        self.postgres_database: tuple[str, str] | None = None  # (server URL, database name)

    def start(self, args, *, env, log_file, niceness: int = 0) -> subprocess.Popen:
        process = subprocess.Popen(
            args,
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: lower_priority(niceness)) if niceness else None,
        )
        self.processes.append(process)
        return process

    def stop(self):
        """Stop every process, remove what the run created, drop the PostgreSQL database (unless
        LOADTEST_KEEP_DB=1)."""
        self.stop_processes()
        for path in self.remove_after:
            shutil.rmtree(path, ignore_errors=True)
        if self.postgres_database and os.environ.get("LOADTEST_KEEP_DB") != "1":
            server, name = self.postgres_database
            import psycopg

            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            log(f"dropped the PostgreSQL database {name}")
            self.postgres_database = None

    def stop_processes(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    process.wait(timeout=5)
        self.processes.clear()


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by `process` and its live children (gunicorn's workers)."""
    import psutil

    try:
        root = psutil.Process(process.pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for member in tree:
        try:
            times = member.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def manage(*args, env) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True)


def fresh_database(database: str, run: Run) -> str:
    """The DATABASE_URL of a new, empty database."""
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    found = subprocess.run(
        [PYTHON, "scripts/postgres_url.py"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if found.returncode != 0:
        raise SystemExit(f"PostgreSQL does not answer: {found.stderr.strip()}")
    url = found.stdout.strip()
    name = url.rsplit("/", 1)[1]
    server = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    run.postgres_database = (server, name)
    return url


def planner_statistics(database_url: str) -> None:
    """On PostgreSQL, VACUUM ANALYZE the freshly seeded database, as autovacuum would soon after a bulk load
    in production: without statistics the planner guesses, and read the owner's payments through a scan of
    the whole table (7.5 ms instead of 0.07 ms for every stored PDF served). SQLite keeps none unless asked
    (nothing in production asks), so its database is left as it is."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {WORK / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (what a p95 means: 95% of requests took at most this)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def server_times(*, start: int = 0) -> dict[str, list[float]]:
    """Each endpoint's times in the server (ms), from gunicorn's access log (from byte `start` on: the
    load's requests, after the idle baseline's): what the request cost there, without the wait for a worker
    thread or the network that the client's time includes."""
    times: dict[str, list[float]] = {}
    if not ACCESS_LOG.exists():
        return times
    case_id = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/")
    with ACCESS_LOG.open("rb") as log_file:
        log_file.seek(start)
        text = log_file.read().decode("utf-8", errors="replace")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        method, path, micros = parts
        name = f"{method} {case_id.sub('/[id]/', path)}"
        times.setdefault(name, []).append(int(micros) / 1000)
    return times


#: The pages the idle baseline times (one person, one request at a time), and how many times each.
IDLE_PAGES = {"GET /cases/[id]/": "/cases/{case}/", "GET /cases/[id]/plan.pdf": "/cases/{case}/plan.pdf"}
IDLE_SAMPLES = 30


def idle_baseline(base: str, account: dict) -> dict[str, list[float]]:
    """The case page and the PDF download for one person alone on the server, one request at a time (ms, as
    the client sees them), after one request each to warm them up: what the load's figures add to."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{base}/accounts/login/") as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.read().decode()).group(1)
    credentials = {"username": account["username"], "password": account["password"]}
    with opener.open(
        f"{base}/accounts/login/", urlencode({**credentials, "csrfmiddlewaretoken": token}).encode()
    ):
        pass
    times: dict[str, list[float]] = {}
    for name, path in IDLE_PAGES.items():
        url = base + path.format(case=account["case"])
        for sample in range(IDLE_SAMPLES + 1):
            started = time.perf_counter()
            with opener.open(url) as response:
                response.read()
                if response.url != url:  # sent to the log-in page: the log-in failed
                    raise SystemExit(f"the idle baseline was answered from {response.url}, not {url}")
            if sample:  # the first one warms up
                times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return times


def postgres_cpu_seconds() -> dict[int, float]:
    """CPU time (user + system) used so far by each live process of the PostgreSQL server on this machine
    (every database's), by process id: `postgres_cpu_used` compares two readings."""
    import psutil

    used = {}
    for member in psutil.process_iter(["name"]):
        if member.info["name"] != "postgres":
            continue
        try:
            times = member.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        used[member.pid] = times.user + times.system
    return used


def postgres_cpu_used(start: dict[int, float], end: dict[int, float]) -> float:
    """The PostgreSQL server's CPU seconds between two readings of `postgres_cpu_seconds`: each process alive
    at the end counts from the first reading, or from its start if it started since. A backend that ended in
    between (a connection closed) is left out, with what it used meanwhile."""
    return sum(seconds - start.get(pid, 0.0) for pid, seconds in end.items())


def cpu_yardstick() -> float:
    """Seconds this machine takes for a fixed piece of pure-Python work (10 million additions in a loop, as
    the app's own code is interpreted Python): to compare the speed of the machines two runs were made on
    (the same machine's speed can change from hour to hour when it is shared)."""
    started = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def target_ms(name: str) -> int | None:
    """The p95 target of an endpoint. Logging in is not a page: it checks the password with PBKDF2 (a
    million rounds, on purpose slow, about 0.3 s of CPU), once per person and session."""
    if name == "POST /accounts/login/":
        return None
    if name == "GET /cases/[id]/":
        return CASE_PAGE_TARGET_MS
    return PDF_TARGET_MS if "plan.pdf" in name else PAGE_TARGET_MS


def report(
    results: dict,
    verdict: dict,
    *,
    title: str,
    cpu: dict | None = None,
    idle: dict[str, list[float]] | None = None,
    yardstick: float | None = None,
    log_start: int = 0,
) -> bool:
    """Print the figures; True when there was no 5xx and no lost or duplicated contact."""
    print()
    print(f"== Load test: {title}")
    in_server = server_times(start=log_start)
    print(
        f"   {'endpoint':<34} {'requests':>8} {'5xx':>5} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'server p50/p95':>15}  target"
    )
    total = 0
    missed = []
    for name in sorted(results["timings"]):
        samples = results["timings"][name]
        total += len(samples)
        p50, p95 = percentile(samples, 0.50), percentile(samples, 0.95)
        target = target_ms(name)
        if target is None:
            verdict_text = "(password hashing, once per person)"
        else:
            met = p95 <= target
            verdict_text = f"≤{target} {'met' if met else 'MISSED'}"
            if not met:
                missed.append(f"{name} (p95 {p95:.0f} ms > {target} ms)")
        server = in_server.get(name, [])
        server_text = f"{percentile(server, 0.5):.0f}/{percentile(server, 0.95):.0f}" if server else "—"
        print(
            f"   {name:<34} {len(samples):>8} {results['server_errors'].get(name, 0):>5} "
            f"{results['failures'].get(name, 0):>5} {p50:>8.0f} {p95:>8.0f} {server_text:>15}  {verdict_text}"
        )
    seconds = results["elapsed_seconds"]
    server_errors = sum(results["server_errors"].values())
    failures = sum(results["failures"].values())
    print(f"   total: {total} requests in {seconds:.0f} s = {total / seconds:.1f} requests/s")
    print(f"   server errors (5xx): {server_errors}; other unexpected answers: {failures}")
    print(
        f"   contacts saved by the load: {verdict['saved_by_the_load']} "
        f"(double taps, sent twice at once: {results['double_taps']}); "
        f"in the database: {verdict['in_the_database']}; "
        f"lost: {len(verdict['lost'])}; duplicated: {len(verdict['duplicated'])}"
    )
    stored, rendered_now = results.get("pdf_served_stored", 0), results.get("pdf_rendered_ms") or []
    waited = results.get("pdf_waited_ms") or []
    downloads = stored + len(waited) + len(rendered_now)
    if downloads:
        line = (
            f"   PDF downloads served pre-rendered: {stored} of {downloads} ({100 * stored / downloads:.0f}%)"
        )
        if waited:
            line += (
                f"; after waiting for the worker's render under way: {len(waited)}, wait p50 "
                f"{percentile(waited, 0.5):.0f} ms, max {max(waited):.0f} ms"
            )
        if rendered_now:
            line += (
                f"; rendered at the download: {len(rendered_now)}, render time p50 "
                f"{percentile(rendered_now, 0.5):.0f} ms, p95 {percentile(rendered_now, 0.95):.0f} ms"
            )
        print(line)
    renders = verdict.get("render_ahead_ms") or []
    if renders:
        print(
            f"   PDFs rendered ahead by the worker: {len(renders)}, render time p50 "
            f"{percentile(renders, 0.5):.0f} ms, p95 {percentile(renders, 0.95):.0f} ms "
            "(not in the download's time); "
            f"render jobs still queued at the end: {verdict.get('render_ahead_waiting', 0)}"
        )
    if cpu:
        print(
            f"   CPU while the load ran: gunicorn {cpu['gunicorn']:.0f} s, worker {cpu['worker']:.0f} s, "
            + (f"PostgreSQL {cpu['postgres']:.0f} s, " if "postgres" in cpu else "")
            + f"locust {cpu['locust']:.0f} s, of {cpu['available']:.0f} s ({os.cpu_count()} cores)"
        )
    if idle:
        print(
            "   baseline, one person alone just before the load, one request at a time: "
            + "; ".join(
                f"{name} p50 {percentile(samples, 0.5):.0f} ms, p95 {percentile(samples, 0.95):.0f} ms"
                for name, samples in idle.items()
            )
        )
    if yardstick is not None:
        print(
            f"   this machine's speed: 10 million additions in pure Python took {yardstick:.2f} s "
            "just before the load (more is a slower machine)"
        )
    print(
        f"   latency targets (p95 ≤ {CASE_PAGE_TARGET_MS} ms case page, ≤ {PAGE_TARGET_MS} ms other pages, "
        f"≤ {PDF_TARGET_MS} ms PDF): " + ("met" if not missed else "missed for " + "; ".join(missed))
    )
    ok = server_errors == 0 and not verdict["lost"] and not verdict["duplicated"]
    if total == 0 or verdict["saved_by_the_load"] == 0:
        print("   the load did not get going (no requests or no contact saved)")
        ok = False
    print(f"   verdict: {'PASS' if ok else 'FAIL'}")
    return ok


def run_load(database: str) -> int:
    duration = os.environ.get("LOADTEST_DURATION", "2m")
    users = int(os.environ.get("LOADTEST_USERS", "20"))
    workers = int(os.environ.get("LOADTEST_WORKERS", "3"))
    threads = int(os.environ.get("LOADTEST_THREADS", "4"))
    spawn_rate = os.environ.get("LOADTEST_SPAWN_RATE", "1")
    WORK.mkdir(parents=True, exist_ok=True)
    for stale in (ACCOUNTS_FILE, RESULTS_FILE, ACCESS_LOG):
        stale.unlink(missing_ok=True)

    run = Run()
    # collectstatic fills var/staticfiles for gunicorn; when it was not there before, it goes again at the end
    # (whitenoise scans it on every start, which a test suite creating many clients would pay for).
    static_root = VAR / "staticfiles"
    run.remove_after = [] if static_root.exists() else [static_root]
    # Whatever ends the run (Ctrl-C, a hang-up, a kill), `finally` stops gunicorn and locust. SIGINT is set
    # explicitly: a shell starts background jobs with it ignored.
    stopping = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous_handlers = {
        sig: signal.signal(sig, lambda number, _: sys.exit(128 + number)) for sig in stopping
    }
    try:
        database_url = fresh_database(database, run)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_SECURE_COOKIES": "False",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            # One cache for every worker, as several app servers would share one: a PDF rendered by one
            # worker is served from the cache by the others.
            "CACHE_URL": f"filecache://{WORK / 'cache'}",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        shown = database_url if database == "sqlite" else database_url.rsplit("@", 1)[-1]
        log(f"fresh database: {shown}")
        shutil.rmtree(WORK / "cache", ignore_errors=True)
        started = time.monotonic()
        manage("migrate", "--noinput", "-v0", env=env)
        manage("seed_demo", "--cases", "2000", "--contacts-per-case", "3", env=env)
        subprocess.run([PYTHON, __file__, "prepare", "--users", str(users)], env=env, cwd=ROOT, check=True)
        manage("collectstatic", "--noinput", "-v0", env=env)
        planner_statistics(database_url)
        log(
            f"database ready in {time.monotonic() - started:.0f} s; "
            f"{users} load-test borrowers with ready cases"
        )

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(WORK / "gunicorn.log", "w") as gunicorn_log:
            server = run.start(
                [
                    str(BIN / "gunicorn"),
                    "--config",
                    str(ROOT / "deferral_site" / "gunicorn_conf.py"),
                    "deferral_site.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--threads",
                    str(threads),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "10",
                    # Each request's method, path and time in the server (µs), to set beside what locust saw.
                    "--access-logfile",
                    str(ACCESS_LOG),
                    "--access-logformat",
                    "%(m)s %(U)s %(D)s",
                ],
                env=env,
                log_file=gunicorn_log,
            )
        # The background worker, as in production: it renders each case's PDF ahead after a plan change, at a
        # lower CPU priority than gunicorn (as `make run` starts it), so that renders never delay a page.
        with open(WORK / "worker.log", "w") as worker_log:
            worker = run.start(
                [
                    PYTHON,
                    str(ROOT / "manage.py"),
                    "db_worker",
                    "--no-startup-delay",
                    "--no-reload",
                    "--interval",
                    str(WORKER_POLL_SECONDS),
                ],
                env=env,
                log_file=worker_log,
                niceness=WORKER_NICENESS,
            )
        wait_until_up(f"{base}/accounts/login/", server)
        # The worker first renders the prepared cases' PDFs; the baseline is one person alone, so it waits.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            backlog = subprocess.run(
                [PYTHON, __file__, "backlog"], env=env, cwd=ROOT, capture_output=True, text=True, check=True
            )
            if backlog.stdout.strip().splitlines()[-1] == "0":
                break
            time.sleep(1)
        yardstick = cpu_yardstick()
        idle = idle_baseline(base, json.loads(ACCOUNTS_FILE.read_text(encoding="utf-8"))[-1])
        time.sleep(0.5)  # gunicorn writes a request's access line after sending the response
        log_start = ACCESS_LOG.stat().st_size if ACCESS_LOG.exists() else 0
        log(
            f"gunicorn on {base}: {workers} workers × {threads} threads; locust: {users} users for {duration}"
        )

        locust_env = {
            **env,
            "LOADTEST_ACCOUNTS": str(ACCOUNTS_FILE),
            "LOADTEST_RESULTS": str(RESULTS_FILE),
        }
        with open(WORK / "locust.log", "w") as locust_log:
            locust = run.start(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "loadtest" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    spawn_rate,
                    "--run-time",
                    duration,
                    "--host",
                    base,
                    "--stop-timeout",
                    "10",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=locust_env,
                log_file=locust_log,
            )
            # Where the cores go while the load runs: gunicorn, the worker, and locust itself (it runs on the
            # same machine, so what it uses is not there for the server).
            measured = {"gunicorn": server, "worker": worker}
            cpu_at_start = {name: cpu_seconds(process) for name, process in measured.items()}
            postgres_at_start = postgres_cpu_seconds() if database == "postgres" else {}
            children_at_start = resource.getrusage(resource.RUSAGE_CHILDREN)
            load_started = time.monotonic()
            locust.wait()
            cpu = {name: cpu_seconds(process) - cpu_at_start[name] for name, process in measured.items()}
            if database == "postgres":  # the server shares the cores too
                cpu["postgres"] = postgres_cpu_used(postgres_at_start, postgres_cpu_seconds())
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu["locust"] = (children.ru_utime + children.ru_stime) - (
                children_at_start.ru_utime + children_at_start.ru_stime
            )
            cpu["available"] = (time.monotonic() - load_started) * (os.cpu_count() or 1)
        if not RESULTS_FILE.exists():
            raise SystemExit(f"locust wrote no results; see {WORK / 'locust.log'}")
        results = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
        run.stop_processes()  # gunicorn off before counting: every request has finished
        checked = subprocess.run(
            [PYTHON, __file__, "verify"], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        if checked.returncode != 0:
            raise SystemExit(f"checking the contacts failed:\n{checked.stderr}")
        verdict = json.loads(checked.stdout.strip().splitlines()[-1])
        title = (
            f"{'SQLite (WAL)' if database == 'sqlite' else 'PostgreSQL'}, gunicorn {workers} workers × "
            f"{threads} threads, {users} users, {duration}"
        )
        figures = report(
            results, verdict, title=title, cpu=cpu, idle=idle, yardstick=yardstick, log_start=log_start
        )
        return 0 if figures else 1
    finally:
        run.stop()
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    run_parser = sub.add_parser("run", help="the whole load test (default)")
    run_parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    prepare_parser = sub.add_parser("prepare", help="(internal) create the load-test borrowers")
    prepare_parser.add_argument("--users", type=int, default=20)
    sub.add_parser("verify", help="(internal) check the contacts the load saved")
    sub.add_parser("backlog", help="(internal) print how many render jobs are queued or running")
    args = parser.parse_args(sys.argv[1:] or ["run"])
    if args.command == "prepare":
        prepare_borrowers(args.users)
        return 0
    if args.command == "verify":
        verify_contacts()
        return 0
    if args.command == "backlog":
        print_render_backlog()
        return 0
    return run_load(args.db)


if __name__ == "__main__":
    sys.exit(main())
