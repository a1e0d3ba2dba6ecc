"""Production serving: ``gunicorn 'web:create_app()'`` reads this file from the repository root.

Searching is pure Python and holds the GIL, so one worker process per core
does the work and a few threads per worker keep it busy while another request
is being read or written. ``make bench-http`` (``bench/http.py``) compares
layouts; the figures so far are in ``docs/performance.md``. Each
thread keeps its own searcher open (``search/searchers.py``); each worker has
its own result cache. ``TELUSUR_WORKERS``, ``TELUSUR_THREADS``, ``HOST`` and
``PORT`` override the defaults.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("TELUSUR_WORKERS", len(os.sched_getaffinity(0))))
threads = int(os.environ.get("TELUSUR_THREADS", 4))
worker_class = "gthread"
# Workers load the app after the fork, each opening its own files.
preload_app = False
timeout = 30
graceful_timeout = 10
keepalive = 5
# A worker is replaced after this many requests (with jitter), bounding slow leaks.
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("TELUSUR_ACCESS_LOG", "-")
errorlog = "-"
