"""gunicorn settings for the container, read from the environment.

Defaults suit a small machine (1-2 cores): two worker processes running gunicorn's own asyncio
worker (``asgi``) over tutorial/asgi.py. Chosen by measurement (bench/README.md, "Slow
clients"): a gthread worker gives a thread to a connection as soon as its first byte arrives,
so a few hundred clients that trickle their request heads or bodies held every thread and no
page answered; the asgi worker reads heads and bodies in its event loop, and one of a fixed pool
of Django threads is used only once a request is complete (tutorial/front.py).
``GUNICORN_WORKER_CLASS=gthread`` still works (the WSGI application is then served, with
GUNICORN_THREADS threads).
"""

import os
import time
from pathlib import Path

from gunicorn.asgi import protocol as asgi_protocol
from gunicorn.workers import gasgi

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "asgi")
wsgi_app = "tutorial.asgi:application" if worker_class == "asgi" else "tutorial.wsgi:application"
# gthread's threads per worker. The asgi worker has no threads of its own (it would warn about
# any): tutorial/asgi.py reads GUNICORN_THREADS (default 8) for the pool that runs Django.
threads = int(os.environ.get("GUNICORN_THREADS", "4")) if worker_class == "gthread" else 1
# Open connections per worker (asgi); past it the worker stops accepting until some close.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# No runtime control socket (gunicorn 27 opens ~/.gunicorn/gunicorn.ctl by default): the
# container is configured by its environment and stopped by a signal, nothing else.
control_socket_disable = True
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

# The answers gunicorn writes itself, before any application code (a malformed request line 400,
# a URI too long 414, too many header fields 431, a transfer coding it does not support 501),
# carry the headers Django adds to every answer of the site: the browser must not sniff them
# into HTML, nor run or frame anything from them.
SERVER_ANSWER_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
)


class HeaderedProtocol(asgi_protocol.ASGIProtocol):
    def _send_error_response(self, status, message, extra_headers=()):
        super()._send_error_response(status, message, (*extra_headers, *SERVER_ANSWER_HEADERS))


# The asgi worker builds its connections with the module's ASGIProtocol name. (A private method
# of gunicorn 27, hence the pin in pyproject.toml; tests/deploy/test_serving.py checks the
# headers on the real answers. The gthread worker's answers are not covered.)
gasgi.ASGIProtocol = HeaderedProtocol


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
    per_worker = f"{threads} threads"
    if worker_class == "asgi":
        pool = os.environ.get("GUNICORN_THREADS", "8")
        per_worker = f"{worker_connections} connections, {pool} Django threads"
    server.log.info("starting with %s %s workers x %s", workers, worker_class, per_worker)
