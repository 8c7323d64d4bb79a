"""gunicorn settings for Deferral Desk (`gunicorn -c deferral_site/gunicorn_conf.py deferral_site.wsgi`).

In each worker, once the app is loaded:
- every object made at start-up (Django, the app, WeasyPrint and its fonts: about 170 000 objects) is
  frozen out of Python's garbage collector, so full collections no longer scan them: those pauses, ~45 ms
  each, were the slowest requests' extra time;
- the interpreter hands its lock (the GIL) between the worker's threads every millisecond instead of
  every 5 ms (`SWITCH_INTERVAL`). A request thread gives the lock up at each database query; when
  another thread of the process is busy rendering a page, it waited up to 5 ms to take it back after
  every query. In `make loadtest`, three runs each, alternated: case page p95 55–65 ms against 58–71,
  PDF download p95 18–24 ms against 23–35, and the same CPU.
"""

import gc
import sys

#: Seconds between the interpreter's forced hand-overs of its lock between threads (Python's default: 0.005).
SWITCH_INTERVAL = 0.001


def post_worker_init(worker):
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)
