"""The project's own guarantees: production settings pass the deploy check, catalogues are complete."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Most of these start the settings in a subprocess that reads DATABASE_URL: they run on each database.
pytestmark = pytest.mark.each_database


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789-abcdefghijkl",
        DJANGO_ALLOWED_HOSTS="deferral.example.com",
        DJANGO_SETTINGS_MODULE="deferral_site.settings",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_DEBUG="False",
        DJANGO_ALLOWED_HOSTS="x.example.com",
        DJANGO_SETTINGS_MODULE="deferral_site.settings",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghijkl",
    "DJANGO_ALLOWED_HOSTS": "deferral.example.com",
    "DJANGO_SETTINGS_MODULE": "deferral_site.settings",
}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_production_refuses_to_start_with_mail_that_is_never_delivered(backend):
    result = manage("check", **PRODUCTION, DJANGO_EMAIL_BACKEND=backend)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_EMAIL_BACKEND" in result.stderr


def test_production_sends_mail_by_smtp_unless_told_otherwise():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


KEEPS_ITS_CONNECTION = (
    "from django.core.signals import request_finished, request_started\n"
    "from django.db import connection\n"
    "request_started.send(sender=None)\n"
    "connection.ensure_connection()\n"
    "first = connection.connection\n"
    "request_finished.send(sender=None)\n"
    "request_started.send(sender=None)\n"
    "print(first is not None and connection.connection is first)\n"
)


@pytest.mark.parametrize(("max_age", "kept"), [(None, "True"), ("0", "False")])
def test_a_thread_keeps_its_database_connection_from_one_request_to_the_next(tmp_path, max_age, kept):
    """On SQLite too: opening the file again, its pragmas and its schema cost about 4 ms per request."""
    server = os.environ.get("DATABASE_URL", "")
    # On PostgreSQL, the server's own `postgres` database: the pass's database name is its test one's stem.
    url = f"{server.rsplit('/', 1)[0]}/postgres" if server else f"sqlite:///{tmp_path / 'db.sqlite3'}"
    database = {"DATABASE_URL": url}
    if max_age is not None:
        database["DATABASE_CONN_MAX_AGE"] = max_age
    result = manage("shell", "-v", "0", "-c", KEEPS_ITS_CONNECTION, **PRODUCTION, **database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == kept


def collected(*options: str) -> set[str]:
    """The test ids pytest collects from a file of tests with and without the database, and one test of
    this module (marked each_database), with `options`."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:xdist",
            *options,
            "tests/test_wizard_definition.py",
            "tests/site/test_settings_and_tooling.py::test_catalogues_are_complete_in_both_languages",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_the_postgresql_pass_leaves_out_only_the_tests_that_never_reach_the_database():
    everything = collected()
    database_pass = collected("--database-tests-only")
    assert len(everything) == 5
    assert database_pass == {
        "tests/test_wizard_definition.py::test_the_progress_bar_is_the_wizards_steps",  # django_db
        "tests/site/test_settings_and_tooling.py::test_catalogues_are_complete_in_both_languages",
    }


def test_catalogues_are_complete_in_both_languages():
    result = subprocess.run(
        [sys.executable, "scripts/translations.py", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_each_gunicorn_worker_freezes_its_start_up_objects_and_hands_the_gil_over_every_millisecond():
    """Full garbage collections then scan only what requests made (pauses ~45 → ~7 ms in a worker), and a
    request thread back from a query waits at most 1 ms, not 5, for a busy thread to give the lock up."""
    import gc

    from deferral_site import gunicorn_conf

    interval = sys.getswitchinterval()
    gc.unfreeze()
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000
        assert sys.getswitchinterval() == pytest.approx(0.001)
    finally:
        gc.unfreeze()
        sys.setswitchinterval(interval)


def test_each_gunicorn_worker_compiles_the_templates_before_its_first_request():
    """The first view of the case page in a fresh worker took ~30 ms longer than the next, compiling."""
    from django.template import engines

    from deferral_site import gunicorn_conf

    loader = engines["django"].engine.template_loaders[0]  # the cached loader, in front of the others
    loader.reset()
    assert "requests_app/case_detail.html" not in loader.get_template_cache

    compiled = gunicorn_conf.warm_up()

    on_disk = [path for path in (ROOT / "templates").rglob("*") if path.is_file()]
    assert compiled == len(on_disk) > 80
    for name in ("requests_app/case_detail.html", "requests_app/includes/contact_timeline.html"):
        assert name in loader.get_template_cache


def loadtest_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("loadtest_script", ROOT / "scripts" / "loadtest.py")
    loadtest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loadtest)
    return loadtest


def test_the_load_test_reads_each_endpoints_server_time_from_gunicorns_log(tmp_path, monkeypatch):
    loadtest = loadtest_script()
    log = tmp_path / "access.log"
    log.write_text(
        "GET /cases/0b7e5c1e-1f0a-4a53-9d1b-2f7c0d7a9e11/plan.pdf 4200\n"
        "GET /cases/ 12000\n"
        "GET /cases/0b7e5c1e-1f0a-4a53-9d1b-2f7c0d7a9e11/plan.pdf 5800\n"
        "a line cut short\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(loadtest, "ACCESS_LOG", log)
    assert loadtest.server_times() == {"GET /cases/[id]/plan.pdf": [4.2, 5.8], "GET /cases/": [12.0]}
    # From where the load began: the idle baseline's requests before it are not the load's.
    after_first = len("GET /cases/0b7e5c1e-1f0a-4a53-9d1b-2f7c0d7a9e11/plan.pdf 4200\n")
    assert loadtest.server_times(start=after_first) == {
        "GET /cases/[id]/plan.pdf": [5.8],
        "GET /cases/": [12.0],
    }


@pytest.mark.django_db
def test_the_load_test_counts_the_cpu_the_postgresql_server_uses(tmp_path, monkeypatch, capsys):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL server's processes: run in make test's PostgreSQL pass")
    loadtest = loadtest_script()
    before = loadtest.postgres_cpu_seconds()
    with connection.cursor() as cursor:  # work done by this test's backend, one of the server's processes
        cursor.execute("SELECT count(*) FROM generate_series(1, 3000000)")
    after = loadtest.postgres_cpu_seconds()
    assert loadtest.postgres_cpu_used(before, after) >= 0.05
    # A backend that ended between the readings takes nothing away; one that started counts from zero.
    assert loadtest.postgres_cpu_used({1: 5.0, 2: 1.0}, {2: 1.5, 3: 0.25}) == 0.75

    monkeypatch.setattr(loadtest, "ACCESS_LOG", tmp_path / "access.log")
    (tmp_path / "access.log").write_text("", encoding="utf-8")
    loadtest.report(
        {"timings": {}, "server_errors": {}, "failures": {}, "double_taps": 0, "elapsed_seconds": 60},
        {"saved_by_the_load": 0, "in_the_database": 0, "lost": [], "duplicated": []},
        title="PostgreSQL",
        cpu={"gunicorn": 40, "worker": 30, "postgres": 20, "locust": 4, "available": 120},
    )
    assert "worker 30 s, PostgreSQL 20 s, locust 4 s, of 120 s" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_load_test_gives_postgresqls_planner_its_statistics_before_the_load():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statistics: run in make test's PostgreSQL pass")
    from tests.databases import postgres_url

    loadtest_script().planner_statistics(postgres_url(connection.settings_dict))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND last_analyze IS NOT NULL",
            [["requests_app_payment", "requests_app_case"]],
        )
        assert sorted(name for (name,) in cursor.fetchall()) == ["requests_app_case", "requests_app_payment"]


@pytest.mark.django_db(transaction=True)
def test_the_load_tests_idle_baseline_logs_in_and_times_the_case_page_and_the_pdf(live_server, monkeypatch):
    from tests.views.conftest import make_ready_case

    loadtest = loadtest_script()
    monkeypatch.setattr(loadtest, "IDLE_SAMPLES", 2)
    case = make_ready_case()
    case.owner.set_password("idle-baseline-pass")
    case.owner.save()
    account = {"username": case.owner.username, "password": "idle-baseline-pass", "case": str(case.public_id)}

    times = loadtest.idle_baseline(live_server.url, account)

    assert {name: len(samples) for name, samples in times.items()} == {
        "GET /cases/[id]/": 2,
        "GET /cases/[id]/plan.pdf": 2,
    }
    assert all(ms > 0 for samples in times.values() for ms in samples)
    with pytest.raises(SystemExit):  # a wrong password ends on the log-in page, not in figures
        loadtest.idle_baseline(live_server.url, {**account, "password": "wrong"})


@pytest.mark.django_db
def test_the_case_page_benchmark_times_the_page_and_counts_its_queries(monkeypatch):
    from benchmarks import case_page as case_page_bench

    monkeypatch.setattr(case_page_bench, "VIEWS", 1)
    figures = dict(case_page_bench.run())

    queries = figures["case page, 20 contacts: queries"]
    assert 5 < int(queries) < 30  # the page's fixed number of queries (13 today), counted
    assert figures["case page with 20 contacts / My cases"].endswith("×")


@pytest.mark.django_db
def test_the_pdf_benchmark_runs_on_the_current_models(monkeypatch):
    """`make bench` must keep working as the models change (it broke once when the budget left the case)."""
    from benchmarks import pdf as pdf_bench

    monkeypatch.setattr(pdf_bench, "RENDERS", 1)
    monkeypatch.setattr(pdf_bench, "DOWNLOADS", 2)
    labels = [label for label, _value in pdf_bench.run()]
    assert any(label.startswith("stored download median") for label in labels)
    assert "app render / plain WeasyPrint" in labels
