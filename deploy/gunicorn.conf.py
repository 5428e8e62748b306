"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py blogsite.wsgi`.

Workers are replaced gracefully: a worker told to stop (a deploy's HUP, a
TERM, or `max_requests` reached) stops taking new connections and finishes the
requests it has, for up to `graceful_timeout` seconds, so a restart or a
recycled worker loses no request. `max_requests` with jitter recycles workers
one at a time, bounding any slow leak. Every value can be overridden on the
command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
# A request that takes longer than this is stuck: its worker is replaced.
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
# Behind the TLS proxy on the same machine: trust its X-Forwarded-Proto (see BEHIND_TLS_PROXY).
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
