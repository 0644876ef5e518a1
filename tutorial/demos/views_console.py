"""What the try-it console needs besides the demos: the catalog, the visitor, sign-in, replay,
and a way to start the visitor's sandbox over."""

import io
import json
import sys
from contextlib import contextmanager
from functools import cache
from http import HTTPStatus
from urllib.parse import unquote, unquote_to_bytes

from django.contrib.auth import get_user_model, login, logout
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST, require_safe

from .catalog import all_demos
from .context import current_sandbox
from .models import DEMO_ACCOUNTS, Article, Product
from .ratelimit import VISITOR_KEY
from .sandbox import SESSION_KEY, reset
from .views_redirection import article_etag

REPLAY_HEADERS = {"accept", "if-none-match", "if-modified-since", "accept-language"}
REPLAY_BODY_LIMIT = 64 * 1024
# What a replay keeps of the visitor's own request: who connected, how, through which proxy, and
# with which cookies.
CONNECTION_META = {
    "SCRIPT_NAME",
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "REMOTE_ADDR",
    "HTTP_COOKIE",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_USER_AGENT",
}


@require_safe
def catalog_json(request):
    return JsonResponse({"demos": [demo.as_json() for demo in all_demos()]})


def visitor_json(request) -> dict:
    user = request.user
    return {
        "signed_in": user.is_authenticated,
        "username": user.username if user.is_authenticated else None,
        "is_staff": user.is_authenticated and user.is_staff,
    }


def sandbox_ids(request) -> dict:
    """The ids the presets' placeholders stand for, from this visitor's own sandbox (ids only:
    a sandbox may hold tens of kilobytes of text, and none of it is needed here)."""
    articles = list(Article.objects.values_list("id", "author_id"))
    user_id = request.user.pk if request.user.is_authenticated else None
    own = next((pk for pk, author in articles if user_id and author == user_id), None)
    other = next((pk for pk, author in articles if author is None or author != user_id), None)
    article = own or (articles[0][0] if articles else None)
    product = Product.objects.values_list("id", flat=True).first()
    return {
        "article": article or 0,
        "other_article": other or 0,
        "article_etag": article_etag(request, article) if article else "",
        "product": product or 0,
        "visitor": visitor_json(request),
    }


@never_cache
@ensure_csrf_cookie  # the console's first unsafe request needs the token
@require_GET
def sandbox_json(request):
    return JsonResponse(sandbox_ids(request))


@never_cache
@require_POST  # CSRF protected like every POST, and counted as a demo write (ratelimit.py)
def sandbox_reset(request):
    """Delete this visitor's rows and seed the sandbox again; answer as sandbox.json does."""
    reset(current_sandbox())
    return JsonResponse(sandbox_ids(request))


@contextmanager
def kept_session_data(request):
    """Keep the visitor's sandbox and rate-limit id through login() and logout()."""
    kept = {
        key: request.session[key] for key in (SESSION_KEY, VISITOR_KEY) if key in request.session
    }
    yield
    request.session.update(kept)


@require_POST
def sign_in(request):
    username = request.POST.get("account", "")
    if username not in DEMO_ACCOUNTS:
        return JsonResponse(
            {"error": f"account must be one of {', '.join(DEMO_ACCOUNTS)}"},
            status=HTTPStatus.BAD_REQUEST,
        )
    # The accounts come from a data migration; recreate one if the table was emptied since.
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": DEMO_ACCOUNTS[username]}
    )
    # login() may flush the session when another account was signed in: keep the sandbox.
    with kept_session_data(request):
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return JsonResponse(visitor_json(request))


@require_POST
def sign_out(request):
    with kept_session_data(request):
        logout(request)
    return JsonResponse(visitor_json(request))


@require_safe
def login_page(request):
    """settings.LOGIN_URL: where login_required and user_passes_test send visitors."""
    accounts = [("learner", "Sign in as learner"), ("staff", "Sign in as staff")]
    return render(
        request, "demos/login.html", {"next": request.GET.get("next", ""), "accounts": accounts}
    )


def _replay_error(message: str, status=HTTPStatus.BAD_REQUEST):
    return JsonResponse({"error": message}, status=status)


@cache
def full_stack() -> BaseHandler:
    """Django's request handler with every middleware in settings.MIDDLEWARE, built once."""
    handler = BaseHandler()
    handler.load_middleware()
    return handler


@receiver(setting_changed)
def _rebuild_stack(**kwargs) -> None:
    # Middleware read their settings when they are built (tests override settings).
    full_stack.cache_clear()


def inner_environ(request, method: str, path_info: str, query: str, headers: dict) -> dict:
    """A WSGI environ for the replayed request: the visitor's own connection (address, scheme,
    the proxy's forwarding headers, the cookies), plus the few headers the console may send."""
    environ = {
        key: value
        for key, value in request.META.items()
        if key in CONNECTION_META and isinstance(value, str)
    }
    environ.update(
        {
            "REQUEST_METHOD": method,
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "HTTP_HOST": request.get_host(),
            "wsgi.url_scheme": request.META.get("wsgi.url_scheme", "http"),
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": request.META.get("wsgi.errors", sys.stderr),
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
    )
    for name, value in headers.items():
        if str(name).lower() in REPLAY_HEADERS:
            environ["HTTP_" + str(name).upper().replace("-", "_")] = str(value)
    return environ


@require_POST
def replay(request):
    """Run a GET again through the whole Django stack and report what it produced.

    Browsers hide redirects from scripts (fetch answers an opaque response with status 0), so the
    console asks the server. Only safe methods are replayed, only to demo URLs, with the
    visitor's own cookies (so their session and user), so a replay can do nothing the visitor
    could not do. The request goes through every middleware, as a real one does, so the headers
    reported are the ones the visitor would have received; a HEAD is reported without a body, as
    a server sends it. Cookies the replayed answer sets (a new session, say) are set on this
    answer, so the visitor's browser keeps them.
    """
    if request.content_type != "application/json":
        return _replay_error("Send JSON.", HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
    try:
        data = json.loads(request.body)
        method = str(data.get("method", "GET")).upper()
        path = str(data["path"])
        headers = data.get("headers") or {}
        if not isinstance(headers, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # nested too deep
        return _replay_error('Send JSON: {"method": "GET", "path": "/demos/...", "headers": {}}')
    if method not in {"GET", "HEAD"}:
        return _replay_error("Only GET and HEAD are replayed: other methods change things.")
    route, _, query = path.partition("?")
    path_info = unquote(route)
    try:
        match = resolve(path_info)
    except Resolver404:
        return _replay_error("No such demo URL.", HTTPStatus.NOT_FOUND)
    if match.namespace != "demos" or match.func not in {d.handler for d in all_demos()}:
        return _replay_error("Only demo views are replayed.", HTTPStatus.FORBIDDEN)

    environ = inner_environ(
        request, method, unquote_to_bytes(route).decode("latin-1"), query, headers
    )
    # get_response, not a WSGI call: no request_started/finished signals, which would close
    # this request's database connection half-way through it.
    response = full_stack().get_response(WSGIRequest(environ))
    bodyless = method == "HEAD" or response.streaming
    body = b"" if bodyless else response.content[:REPLAY_BODY_LIMIT]
    answer = JsonResponse(
        {
            "status": response.status_code,
            "reason": response.reason_phrase,
            "headers": list(response.headers.items()),
            "body": body.decode("utf-8", "replace"),
            "replayed": True,
        }
    )
    for name, morsel in response.cookies.items():
        answer.cookies[name] = morsel
    return answer
