"""`make run` starts the background worker beside the development server and stops it with the server
(manage.py run_with_worker, which the Makefile calls): the real command, against a copy of the test
database, with a job enqueued while it runs."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.databases import postgres_url

ROOT = Path(settings.BASE_DIR)
DEADLINE_SECONDS = 60  # each wait; the whole test takes a few seconds on an idle machine


def database_url(tmp_path) -> str:
    """A database the command's processes can open: on SQLite a file copy of the (in-memory) test
    database, on PostgreSQL the test database itself."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "run.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return f"sqlite:///{copy}"
    return postgres_url(connection.settings_dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what: str):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def children(pid: int) -> dict[str, int]:
    """The direct child processes of `pid`, by the manage.py command each runs."""
    found = {}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except (ProcessLookupError, FileNotFoundError):  # it ended after it was listed: not one of them
            continue
        for name in (b"runserver", b"db_worker", b"rqworker"):
            if name in command:
                found[name.decode()] = int(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def finished_jobs(url: str) -> int:
    """How many render-ahead jobs the worker has finished, read from the database it works on."""
    from django_tasks_db.models import DBTaskResult

    if url.startswith("sqlite"):
        sql = f"SELECT COUNT(*) FROM {DBTaskResult._meta.db_table} WHERE task_path LIKE ? AND status = ?"
        with sqlite3.connect(url.removeprefix("sqlite:///")) as copy:
            return copy.execute(sql, ["%plan_pdf_render_ahead", "SUCCESSFUL"]).fetchone()[0]
    return DBTaskResult.objects.filter(
        task_path__endswith="plan_pdf_render_ahead", status="SUCCESSFUL"
    ).count()


@dataclass
class MakeRun:
    """The running `manage.py run_with_worker` (as `make run` starts it): the command, the environment and
    database it runs with, and its two children by name (runserver, db_worker)."""

    command: subprocess.Popen
    env: dict
    url: str
    started: dict[str, int]


@contextmanager
def make_run(tmp_path):
    """Start the command on a free port with the embedded database queue, as `make run` without Redis, and
    wait until both children run and the server answers. Its output goes to tmp_path / "run.log"; whatever
    is left running at the end is killed."""
    url = database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "deferral_site.settings",
        "DJANGO_DEBUG": "True",
        "DATABASE_URL": url,
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    port = free_port()
    with open(tmp_path / "run.log", "w") as log:
        command = subprocess.Popen(
            [sys.executable, "manage.py", "run_with_worker", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            started = wait_for(
                lambda: len(children(command.pid)) == 2 and children(command.pid), "both processes"
            )
            wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), "the server to answer")
            yield MakeRun(command=command, env=env, url=url, started=started)
        finally:
            if command.poll() is None:
                os.killpg(command.pid, signal.SIGKILL)
                command.wait()


@pytest.mark.django_db(transaction=True)
def test_make_run_starts_the_worker_it_processes_a_job_and_stops_with_the_server(tmp_path):
    with make_run(tmp_path) as run:
        assert set(run.started) == {"runserver", "db_worker"}
        # It looks for new jobs every 0.2 s, not db_worker's default second: a download right after a
        # change waits for the render ahead of it.
        worker_command = Path(f"/proc/{run.started['db_worker']}/cmdline").read_bytes().split(b"\0")
        assert worker_command[worker_command.index(b"--interval") + 1] == b"0.2"

        enqueue = (
            "from requests_app.services.background import job_enqueue;"
            "from requests_app.services.pdf import plan_pdf_render_ahead;"
            "job_enqueue(plan_pdf_render_ahead, case_id=0)"
        )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", enqueue],
            cwd=ROOT,
            env=run.env,
            check=True,
        )
        wait_for(lambda: finished_jobs(run.url) == 1, "the worker to run the job")

        os.kill(run.started["runserver"], signal.SIGTERM)  # the server stops ...
        run.command.wait(timeout=DEADLINE_SECONDS)
        assert not alive(run.started["db_worker"])  # ... and the worker with it
        assert run.command.returncode == 0
    output = (tmp_path / "run.log").read_text()
    assert "Background worker started" in output and "Background worker stopped" in output


@pytest.mark.django_db(transaction=True)
def test_sigterm_to_make_run_stops_the_server_and_the_worker(tmp_path):
    """As `kill`, a service manager or a terminal closing sends it: the command used to wait for the server
    inside its own wait for it, and hung there with the worker still running."""
    with make_run(tmp_path) as run:
        run.command.send_signal(signal.SIGTERM)
        run.command.wait(timeout=DEADLINE_SECONDS)
        assert run.command.returncode == 0
        assert not alive(run.started["runserver"]) and not alive(run.started["db_worker"])
    assert "Background worker stopped" in (tmp_path / "run.log").read_text()
