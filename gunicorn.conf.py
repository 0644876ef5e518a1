"""gunicorn settings for the container, read from the environment.

Defaults suit a small machine (1-2 cores): two worker processes with four threads each. gthread
workers keep a slow client or a slow demo (the 504 demo waits half a second) from blocking the
others, and let the 1xx demo talk to its own server.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load the app once in the master: lessons are rendered before the workers fork.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM, workers finish the requests they have for up to this long, then exit.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Trust X-Forwarded-* only from these proxy addresses (comma-separated, or * behind a private LB).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"query": "%(q)s", "status": %(s)s, "bytes": %(B)s, "duration_us": %(D)s, '
    '"user_agent": "%(a)s"}'
)
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None


def on_starting(server):
    server.log.info("starting with %s %s workers x %s threads", workers, worker_class, threads)
