"""gunicorn settings for Deferral Desk (`gunicorn -c deferral_site/gunicorn_conf.py deferral_site.wsgi`).

Each worker freezes, once the app is loaded, every object made at start-up (Django, the app, WeasyPrint and
its fonts: about 170 000 objects), so that Python's full garbage collections no longer scan them: those
pauses, ~45 ms each, were the slowest requests' extra time.
"""

import gc


def post_worker_init(worker):
    gc.freeze()
