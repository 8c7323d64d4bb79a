"""`make run`: the development server with the background worker beside it, started and stopped together.

The worker is `db_worker` (the database queue) by default, `rqworker default --with-scheduler` when
REDIS_URL is set (settings.TASKS). When the server stops (Ctrl-C, or it exits), the worker is stopped
too; SIGTERM to this command stops both. The worker runs niced (WORKER_NICENESS), as it should in
production wherever it shares a machine with the app server.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_WAIT_SECONDS = 10
#: The worker runs at a lower CPU priority than the server: a PDF render (~0.4 s of CPU) never delays a page.
WORKER_NICENESS = 10


#: How often the database queue's worker looks for work when it has none (db_worker's default: 1 s). A
#: download right after a change waits for the render ahead of it; at 1 s the worker started that render
#: 0.5 s later on average. Looking costs one indexed read.
WORKER_POLL_SECONDS = 0.2


def worker_arguments() -> list[str]:
    """The manage.py arguments of the worker for the configured queue."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        return ["rqworker", settings.BACKGROUND_JOB_QUEUE, "--with-scheduler"]
    return ["db_worker", "--no-startup-delay", "--no-reload", "--interval", str(WORKER_POLL_SECONDS)]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Command(BaseCommand):
    help = "Run the development server and the background worker together; stopping one stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="Run the server without the autoreloader."
        )

    def handle(self, *args, addrport, noreload, **options):
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        worker = subprocess.Popen([*manage, *worker_arguments()], preexec_fn=lambda: os.nice(WORKER_NICENESS))
        self.stdout.write(f"Background worker started ({' '.join(worker_arguments())}, pid {worker.pid})")
        server = subprocess.Popen([*manage, "runserver", addrport, *(["--noreload"] if noreload else [])])
        stop_asked = []  # when SIGTERM came

        def on_sigterm(number, frame):
            # Only the signal to the server: the loop below waits for it. Waiting here, inside that wait,
            # would block on Popen's own lock for good (the command hung, its worker still running).
            stop_asked.append(time.monotonic())
            server.terminate()

        previous = signal.signal(signal.SIGTERM, on_sigterm)
        try:
            while True:
                try:
                    server.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    if stop_asked and time.monotonic() > stop_asked[0] + STOP_WAIT_SECONDS:
                        server.kill()
                except KeyboardInterrupt:
                    # Ctrl-C reaches the server too (one process group); wait for it to finish.
                    continue
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(server)
            _stop(worker)
            self.stdout.write(f"Background worker stopped (exit code {worker.returncode}).")
