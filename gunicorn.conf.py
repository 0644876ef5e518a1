"""gunicorn settings for the container, read from the environment.

Defaults suit a small machine (1-2 cores): two worker processes with four threads each. gthread
workers keep a slow client or a slow demo (the 504 demo waits half a second) from blocking the
others, and let the 1xx demo talk to its own server.
"""

import os
import time
from pathlib import Path

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load the app once in the master, render the content there (warm_up below), then fork: the
# workers share the rendered HTML and no request ever renders markdown.
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


def warm_up():
    """Render every lesson, code page and guide, and compile the templates, before serving.

    The content stores render lazily on first access; without this the first request of each
    worker would render the markdown (half a second of CPU). Then every page of the sitemap is
    rendered into the page cache, compressed, so the workers share the bytes they send. Nothing
    here touches the database.
    """
    from django.db import connections
    from django.template import engines
    from django.urls import reverse

    from tutorial.content.library import code_pages, lessons
    from tutorial.pages import pagecache
    from tutorial.pages.sitemaps import sitemap_paths
    from tutorial.reference.glossary import glossary
    from tutorial.reference.guides import guide_store

    lessons()
    code_pages()
    guide_store().all()
    glossary()
    reverse("pages:home")  # builds the URL resolver's caches
    for engine in engines.all():
        for directory in getattr(engine, "dirs", ()):  # the project's own templates
            for path in sorted(Path(directory).rglob("*.html")):
                engine.get_template(path.relative_to(directory).as_posix())
    if pagecache.enabled():  # every page of the sitemap, kept as compressed bytes
        pagecache.fill(sitemap_paths())
    connections.close_all()  # no connection may be inherited by the forked workers


def on_starting(server):
    # preload_app: the application is loaded; the sockets are not bound and no worker exists yet.
    started = time.perf_counter()
    warm_up()
    server.log.info("content rendered in %.2f s", time.perf_counter() - started)
    server.log.info("starting with %s %s workers x %s threads", workers, worker_class, threads)
