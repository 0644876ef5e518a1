"""Whole content pages kept as bytes, compressed once, so serving a lesson costs about what
serving /healthz does.

Content pages (home, lessons, code pages, guides) are the same for every visitor: nothing in
them depends on the session, the user or a nonce (the CSP allows 'self', not nonces). Rendering
the template around already-rendered markdown still took a millisecond or two per request, and
sending 140 KB of uncompressed HTML more; so the first 200 for a path is kept, with its gzip and
brotli encodings, and every later request for that path gets those bytes. Conditional requests
get 304 through the page's ETag.

Only what the content decides is kept: GET/HEAD requests without a query string (the codes
index keeps its own ``?q=`` answers: reference/views.py), and only 200 answers (so an unknown
slug is never stored, and the number of entries is bounded by the content). With autoreload on
(development) nothing is kept, so an edited lesson or template shows up at once. The gunicorn
master fills the cache before it forks (``warm_up`` in gunicorn.conf.py), so the workers share
it.
"""

import gzip
import hashlib
import threading
from dataclasses import dataclass
from functools import wraps
from http import HTTPStatus

import brotli
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils.cache import get_conditional_response, patch_vary_headers

# Quality 9: within 1 % of the smallest brotli output for these pages, at a tenth of the CPU of
# quality 11 (which would take seconds over every page at start-up).
BROTLI_QUALITY = 9
# Preferred first when the client accepts several.
ENCODINGS = ("br", "gzip")


@dataclass(frozen=True)
class StoredPage:
    content_type: str
    bodies: dict[str, bytes]  # content-coding ("identity", "gzip", "br") -> bytes
    etags: dict[str, str]  # one strong ETag per representation (RFC 9110 §8.8.3.3)

    @classmethod
    def of(cls, response: HttpResponse) -> "StoredPage":
        body = response.content
        bodies = {
            "identity": body,
            "gzip": gzip.compress(body, compresslevel=9, mtime=0),
            "br": brotli.compress(body, quality=BROTLI_QUALITY),
        }
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        etags = {coding: f'"{digest}-{coding}"' for coding in bodies}
        return cls(response["Content-Type"], bodies, etags)

    def respond(self, request) -> HttpResponse:
        coding = negotiate(request.headers.get("Accept-Encoding", ""))
        response = HttpResponse(self.bodies[coding], content_type=self.content_type)
        if coding != "identity":
            response["Content-Encoding"] = coding
        response["ETag"] = self.etags[coding]
        patch_vary_headers(response, ["Accept-Encoding"])
        return get_conditional_response(request, etag=self.etags[coding], response=response)


def negotiate(accept_encoding: str) -> str:
    """The content-coding to send for an Accept-Encoding value (RFC 9110 §12.5.3)."""
    weights: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name.strip():
            weights[name.strip()] = weight
    for coding in ENCODINGS:
        if weights.get(coding, weights.get("*", 0.0)) > 0:
            return coding
    return "identity"


class PageCache:
    def __init__(self) -> None:
        self._pages: dict[str, StoredPage] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, path: str) -> StoredPage | None:
        return self._pages.get(path)

    def keep(self, path: str, response: HttpResponse) -> StoredPage:
        page = StoredPage.of(response)
        with self._lock:
            return self._pages.setdefault(path, page)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


pages = PageCache()


def enabled() -> bool:
    return settings.PAGE_CACHE


@receiver(setting_changed)
def _forget_pages(**kwargs) -> None:
    # Any setting may show in a page (the lessons' directory, the demo's addresses): start again.
    pages.clear()


def cached_page(view):
    """Serve ``view``'s 200 answer for a path from memory after the first time."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.GET or request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        stored = pages.get(request.path)
        if stored is None:
            response = view(request, *args, **kwargs)
            if (
                response.status_code != HTTPStatus.OK
                or response.streaming
                or response.cookies
                or response.has_header("Content-Encoding")
            ):
                return response
            stored = pages.keep(request.path, response)
        return stored.respond(request)

    return wrapper


def fill(paths) -> int:
    """Render ``paths`` into the cache by calling their views directly (no middleware, no
    database), as the gunicorn master does before it forks. Returns how many were kept."""
    factory = RequestFactory()
    for path in paths:
        request = factory.get(path)
        request.resolver_match = match = resolve(path)
        match.func(request, *match.args, **match.kwargs)
    return len(pages)
