"""What the try-it console needs besides the demos: the catalog, the visitor, sign-in, replay."""

import json
from contextlib import contextmanager
from http import HTTPStatus

from django.contrib.auth import get_user_model, login, logout
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST, require_safe

from .catalog import all_demos
from .models import DEMO_ACCOUNTS, Article, Product
from .ratelimit import VISITOR_KEY
from .sandbox import SESSION_KEY
from .views_redirection import article_etag

REPLAY_HEADERS = {"accept", "if-none-match", "if-modified-since", "accept-language"}
REPLAY_BODY_LIMIT = 64 * 1024


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


@never_cache
@ensure_csrf_cookie  # the console's first unsafe request needs the token
@require_GET
def sandbox_json(request):
    """The ids the presets' placeholders stand for, from this visitor's own sandbox."""
    articles = list(Article.objects.all())
    user_id = request.user.pk if request.user.is_authenticated else None
    own = next((a for a in articles if user_id and a.author_id == user_id), None)
    other = next((a for a in articles if a.author_id is None or a.author_id != user_id), None)
    article = own or (articles[0] if articles else None)
    product = Product.objects.first()
    return JsonResponse(
        {
            "article": article.id if article else 0,
            "other_article": other.id if other else 0,
            "article_etag": article_etag(request, article.id) if article else "",
            "product": product.id if product else 0,
            "visitor": visitor_json(request),
        }
    )


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


@require_POST
def replay(request):
    """Run a GET again through the same demo view and report what Django produced.

    Browsers hide redirects from scripts (fetch answers an opaque response with status 0), so the
    console asks the server. Only safe methods are replayed, only to demo URLs, with the
    visitor's own session and user, so a replay can do nothing the visitor could not do.
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
    except (ValueError, KeyError, TypeError, AttributeError):
        return _replay_error('Send JSON: {"method": "GET", "path": "/demos/...", "headers": {}}')
    if method not in {"GET", "HEAD"}:
        return _replay_error("Only GET and HEAD are replayed: other methods change things.")
    route, _, query = path.partition("?")
    try:
        match = resolve(route)
    except Resolver404:
        return _replay_error("No such demo URL.", HTTPStatus.NOT_FOUND)
    if match.namespace != "demos" or match.func not in {d.handler for d in all_demos()}:
        return _replay_error("Only demo views are replayed.", HTTPStatus.FORBIDDEN)

    inner = HttpRequest()
    inner.method = method
    inner.path = inner.path_info = route
    inner.META = {
        "REQUEST_METHOD": method,
        "QUERY_STRING": query,
        "SERVER_NAME": request.META.get("SERVER_NAME", "localhost"),
        "SERVER_PORT": request.META.get("SERVER_PORT", "80"),
        "HTTP_HOST": request.get_host(),
        "REMOTE_ADDR": request.META.get("REMOTE_ADDR", ""),
    }
    for name, value in headers.items():
        if str(name).lower() in REPLAY_HEADERS:
            inner.META["HTTP_" + str(name).upper().replace("-", "_")] = str(value)
    inner.GET = inner.GET.__class__(query)
    inner.COOKIES = request.COOKIES
    inner.session = request.session
    inner.user = request.user
    inner.resolver_match = match
    try:
        response = match.func(inner, *match.args, **match.kwargs)
    except Exception as exc:  # Django's own exception-to-response mapping, as in a request
        response = response_for_exception(inner, exc)
    body = b"" if response.streaming else response.content[:REPLAY_BODY_LIMIT]
    return JsonResponse(
        {
            "status": response.status_code,
            "reason": response.reason_phrase,
            "headers": list(response.headers.items()),
            "body": body.decode("utf-8", "replace"),
            "replayed": True,
        }
    )
