"""gunicorn settings for Deferral Desk (`gunicorn -c deferral_site/gunicorn_conf.py deferral_site.wsgi`).

In each worker, once the app is loaded:
- the project's templates are compiled and both languages' catalogues loaded (`warm_up`, about 0.13 s),
  so that the first person each worker serves after a start does not wait for it (the case page's first
  view in a fresh worker, after the log-in page: 50–53 → 33–35 ms; the next ones take 20–25 ms);
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
from pathlib import Path

#: Seconds between the interpreter's forced hand-overs of its lock between threads (Python's default: 0.005).
SWITCH_INTERVAL = 0.001


def warm_up() -> int:
    """Compile every template in the project's templates folder into the cached loader and load the
    translation catalogues of each language; returns how many templates were compiled."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.utils import translation

    root = Path(settings.BASE_DIR) / "templates"
    names = [path.relative_to(root).as_posix() for path in sorted(root.rglob("*")) if path.is_file()]
    for name in names:
        get_template(name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Deferral Desk")
    return len(names)


def post_worker_init(worker):
    warm_up()  # before the freeze: the compiled templates are start-up objects too
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)
