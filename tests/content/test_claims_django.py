"""What the lessons say Django does, checked against the installed Django.

Each test names the lesson or code page that makes the claim. The views and URLs are this
module's own (pytest's `urls` mark), and the middleware is Django's, not the site's: the claims
are about Django, so nothing of ours sits between the request and the behaviour.
"""

import asyncio
import concurrent.futures
import datetime
import io
import json
import logging
import pkgutil
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.decorators import login_required, permission_required, user_passes_test
from django.contrib.auth.mixins import PermissionRequiredMixin, UserPassesTestMixin
from django.contrib.auth.models import User
from django.contrib.auth.views import LogoutView
from django.core.exceptions import BadRequest
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import redirect
from django.test import Client, RequestFactory
from django.urls import path
from django.utils.log import DEFAULT_LOGGING
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers
from django.views.generic import FormView, RedirectView
from django.views.static import serve

ETAG = '"v1"'
LAST_MODIFIED = datetime.datetime(2026, 11, 25, 6, 0, tzinfo=datetime.UTC)


def current_etag(request):
    return ETAG


def last_changed(request):
    return LAST_MODIFIED


@condition(etag_func=current_etag, last_modified_func=last_changed)
def both_validators(request):
    return HttpResponse("article")


@condition(etag_func=current_etag)
def conditional_view(request):
    response = HttpResponse("article")
    response["Cache-Control"] = "max-age=60"
    response["Vary"] = "Accept-Language"
    return response


@cache_control(max_age=60)
@vary_on_headers("Accept-Language")
@condition(etag_func=current_etag)
def conditional_view_decorated_outside(request):
    return HttpResponse("article")


def read_form(request):
    return HttpResponse(f"{len(request.POST)} fields")


def bad_request(request):
    raise BadRequest("not like that")


class NeedsPermission(PermissionRequiredMixin, View):
    permission_required = "auth.change_user"

    def get(self, request):
        return HttpResponse("allowed")


class StaffOnly(UserPassesTestMixin, View):
    def test_func(self):
        return self.request.user.is_staff

    def get(self, request):
        return HttpResponse("allowed")


@require_http_methods(["GET", "PUT"])
def get_or_put(request):
    return HttpResponse("ok")


@require_safe
def safe_only(request):
    return HttpResponse("ok")


class EmailForm(forms.Form):
    email = forms.EmailField()


class SignUp(FormView):
    form_class = EmailForm
    template_name = "signup.html"
    success_url = "/thanks/"


class ReadOnly(View):
    def get(self, request):
        return HttpResponse("read me")


@login_required
def members_only(request):
    return HttpResponse("members")


@user_passes_test(lambda user: user.is_staff)
def staff_page(request):
    return HttpResponse("staff")


@permission_required("auth.change_user")
def editors_page(request):
    return HttpResponse("editors")


@permission_required("auth.change_user", raise_exception=True)
def editors_api(request):
    return HttpResponse("editors")


def missing(request):
    raise Http404("no such article")


def broken(request):
    raise ZeroDivisionError("division by zero")


def unsafe_redirect(request):
    return HttpResponseRedirect("javascript:alert(1)")


def put_form(request):
    return HttpResponse(f"POST has {len(request.POST)} fields")


def download(request):
    return FileResponse(io.BytesIO(b"0123456789" * 100), filename="numbers.txt")


def moved(request, kind):
    options = {
        "temporary": {},
        "permanent": {"permanent": True},
        "temporary-keep": {"preserve_request": True},
        "permanent-keep": {"permanent": True, "preserve_request": True},
    }[kind]
    return redirect("/new/", **options)


def handler500(request):
    return HttpResponse("our handler500", status=HTTPStatus.INTERNAL_SERVER_ERROR)


def handler400(request, exception):
    return HttpResponse("our handler400", status=HTTPStatus.BAD_REQUEST)


urlpatterns = [
    path("conditional/", conditional_view),
    path("both-validators/", both_validators),
    path("conditional-decorated/", conditional_view_decorated_outside),
    path("form/", read_form),
    path("bad-request/", bad_request),
    path("needs-permission/", NeedsPermission.as_view()),
    path("staff-only/", StaffOnly.as_view()),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("logout-next-page/", LogoutView.as_view(next_page="/bye/")),
    path("get-or-put/", get_or_put),
    path("safe-only/", safe_only),
    path("login/", read_form, name="login"),
    path("signup/", SignUp.as_view()),
    path("read-only/", ReadOnly.as_view()),
    path("about/", read_form),
    path("members/", members_only),
    path("staff-page/", staff_page),
    path("editors-page/", editors_page),
    path("editors-api/", editors_api),
    path("missing/", missing),
    path("broken/", broken),
    path("download/", download),
    path("unsafe-redirect/", unsafe_redirect),
    path("put-form/", put_form),
    path("old-pricing/", RedirectView.as_view(url="/pricing/")),
    path("files/<path:path>", serve, {"document_root": Path(__file__).parent}),
    path("moved/<str:kind>/", moved),
]

pytestmark = pytest.mark.urls(__name__)

DJANGO_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]


@pytest.fixture(autouse=True)
def plain_django(settings):
    settings.MIDDLEWARE = DJANGO_MIDDLEWARE
    settings.LOGIN_URL = "/login/"
    settings.LOGOUT_REDIRECT_URL = None
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "registration/logged_out.html": "You are signed out.",
                            "signup.html": "{{ form.errors.email.0 }}",
                        },
                    )
                ]
            },
        }
    ]


# lessons/redirection.md, ConditionalGetMiddleware; lessons/codes/412.md


def page(request):
    return HttpResponse("the page")


def test_conditional_get_middleware_answers_412_to_a_get_whose_if_match_fails():
    middleware = ConditionalGetMiddleware(page)
    request = RequestFactory().get("/", headers={"If-Match": '"not-the-etag"'})
    assert middleware(request).status_code == HTTPStatus.PRECONDITION_FAILED


def test_conditional_get_middleware_leaves_writes_alone():
    middleware = ConditionalGetMiddleware(page)
    request = RequestFactory().put("/", headers={"If-Match": '"not-the-etag"'})
    assert middleware(request).status_code == HTTPStatus.OK


def test_conditional_get_middleware_copies_caching_headers_onto_its_304():
    def cached_page(request):
        response = HttpResponse("the page", headers={"Cache-Control": "max-age=60"})
        response["Vary"] = "Accept-Language"
        return response

    middleware = ConditionalGetMiddleware(cached_page)
    etag = middleware(RequestFactory().get("/"))["ETag"]
    response = middleware(RequestFactory().get("/", headers={"If-None-Match": etag}))
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response["Cache-Control"] == "max-age=60"
    assert response["Vary"] == "Accept-Language"


# lessons/redirection.md, 304 Not Modified; lessons/codes/304.md


def test_conditions_304_lacks_the_cache_control_and_vary_the_view_sets(client):
    response = client.get("/conditional/", headers={"If-None-Match": ETAG})
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response["ETag"] == ETAG
    assert "Cache-Control" not in response
    assert "Vary" not in response
    full = client.get("/conditional/")
    assert full["Cache-Control"] == "max-age=60"


def test_decorators_above_condition_put_cache_control_and_vary_on_its_304(client):
    response = client.get("/conditional-decorated/", headers={"If-None-Match": ETAG})
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response["Cache-Control"] == "max-age=60"
    assert response["Vary"] == "Accept-Language"


def test_condition_answers_412_to_a_stale_if_match_without_running_the_view(client):
    response = client.put("/conditional/", headers={"If-Match": '"v0"'})
    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert response.content == b""


# lessons/codes/401.md and 403.md: the permission mixins


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/needs-permission/", "/staff-only/"])
def test_permission_mixins_redirect_anonymous_users_and_refuse_signed_in_ones(client, url):
    anonymous = client.get(url)
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous["Location"] == f"/login/?next={url}"
    client.force_login(User.objects.create_user("ada"))
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


# lessons/codes/400.md


def test_a_broken_multipart_body_reaches_handler400_even_with_debug(client, settings):
    settings.DEBUG = True
    response = client.post("/form/", data=b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.content == b"our handler400"


def test_other_bad_requests_show_the_technical_page_with_debug(client, settings):
    settings.DEBUG = True
    response = client.get("/bad-request/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert b"our handler400" not in response.content
    settings.DEBUG = False
    assert client.get("/bad-request/").content == b"our handler400"


# lessons/codes/302.md: LogoutView


@pytest.mark.django_db
def test_logout_view_without_a_destination_answers_200_with_its_template(client):
    response = client.post("/logout/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"You are signed out."


@pytest.mark.django_db
def test_logout_view_redirects_with_next_page_the_setting_or_next(client, settings):
    assert client.post("/logout/?next=/later/")["Location"] == "/later/"
    assert client.post("/logout-next-page/")["Location"] == "/bye/"
    settings.LOGOUT_REDIRECT_URL = "/home/"
    response = client.post("/logout/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/home/"


# lessons/codes/415.md and rest-apis.md: catch ValueError, not only JSONDecodeError


def test_a_body_that_is_not_utf8_raises_unicode_decode_error_a_value_error():
    body = (
        RequestFactory().post("/", data='{"name": "café"}'.encode("latin-1"), content_type="x").body
    )
    with pytest.raises(ValueError) as caught:
        json.loads(body)
    assert isinstance(caught.value, UnicodeDecodeError)
    assert not isinstance(caught.value, json.JSONDecodeError)


# lessons/codes/306.md and 104.md


@pytest.mark.parametrize("code", [104, 306])
def test_codes_python_does_not_know_get_the_unknown_reason_phrase(code):
    assert HttpResponse(status=code).reason_phrase == "Unknown Status Code"


# lessons/client-errors.md (HEAD), codes/412.md and 428.md


def test_require_http_methods_get_and_put_rejects_head(client):
    response = client.head("/get-or-put/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, PUT"
    assert client.head("/safe-only/").status_code == HTTPStatus.OK


def test_a_class_based_view_answers_head_and_405_with_allow_by_itself(client):
    assert client.head("/read-only/").status_code == HTTPStatus.OK
    response = client.post("/read-only/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "GET, HEAD, OPTIONS"


# lessons/client-errors.md, "An invalid HTML form"; codes/422.md


def test_form_view_re_renders_an_invalid_form_with_200(client):
    response = client.post("/signup/", {"email": "not an address"})
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"Enter a valid email address."
    assert client.post("/signup/", {"email": "ada@example.com"}).status_code == HTTPStatus.FOUND


# lessons/redirection.md, 301; response-classes.md, 301


def test_append_slash_answers_301_to_the_slashed_url(client):
    response = client.get("/about")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/about/"


def test_append_slash_refuses_to_redirect_a_post_with_debug_and_loses_it_without(settings):
    settings.DEBUG = True
    with pytest.raises(RuntimeError, match="APPEND_SLASH"):
        Client().post("/about", {"name": "x"})
    settings.DEBUG = False
    assert Client().post("/about", {"name": "x"}).status_code == HTTPStatus.MOVED_PERMANENTLY


# lessons/redirection.md, the ?next= pitfall; codes/401.md and 302.md


def test_login_required_redirects_to_login_url_with_next(client):
    response = client.get("/members/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/login/?next=/members/"


# lessons/response-classes.md, 301 and 302; redirection.md, 307 and 308


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("temporary", HTTPStatus.FOUND),
        ("permanent", HTTPStatus.MOVED_PERMANENTLY),
        ("temporary-keep", HTTPStatus.TEMPORARY_REDIRECT),
        ("permanent-keep", HTTPStatus.PERMANENT_REDIRECT),
    ],
)
def test_redirect_chooses_the_code_from_permanent_and_preserve_request(client, kind, status):
    response = client.get(f"/moved/{kind}/")
    assert response.status_code == status
    assert response["Location"] == "/new/"


# lessons/rest-apis.md: get_object_or_404 and Http404 answer with the HTML handler404


def test_http404_is_answered_with_an_html_page_in_both_modes(client, settings):
    response = client.get("/missing/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("text/html")
    settings.DEBUG = True
    debug = client.get("/missing/")
    assert debug.status_code == HTTPStatus.NOT_FOUND
    assert debug["Content-Type"].startswith("text/html")
    assert b"no such article" in debug.content


# lessons/server-errors.md: handler500 only without DEBUG; logging to the console only with it


def test_handler500_runs_only_when_debug_is_off(settings):
    client = Client(raise_request_exception=False)
    assert client.get("/broken/").content == b"our handler500"
    settings.DEBUG = True
    debug = client.get("/broken/")
    assert debug.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"ZeroDivisionError" in debug.content


def test_djangos_default_logging_writes_to_the_console_only_with_debug():
    console = DEFAULT_LOGGING["handlers"]["console"]
    assert console["filters"] == ["require_debug_true"]
    assert DEFAULT_LOGGING["loggers"]["django"]["handlers"] == ["console", "mail_admins"]
    assert DEFAULT_LOGGING["handlers"]["mail_admins"]["filters"] == ["require_debug_false"]


def test_an_empty_allowed_hosts_without_debug_answers_every_request_400(client, settings):
    settings.ALLOWED_HOSTS = []
    assert client.get("/read-only/").status_code == HTTPStatus.BAD_REQUEST
    assert client.get("/read-only/", headers={"Host": "localhost"}).status_code == (
        HTTPStatus.BAD_REQUEST
    )


# lessons/response-classes.md, 403: the CSRF check


def test_a_post_without_a_csrf_token_gets_403():
    response = Client(enforce_csrf_checks=True).post("/form/", {"name": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN


# lessons/success.md, 206: FileResponse and Range


def test_file_response_ignores_range_and_answers_200_with_the_whole_file(client):
    response = client.get("/download/", headers={"Range": "bytes=0-9"})
    assert response.status_code == HTTPStatus.OK
    assert "Content-Range" not in response
    assert len(b"".join(response.streaming_content)) == 1000


# lessons/success.md (quiz) and rest-apis.md: JsonResponse


def test_json_response_sets_its_content_type_and_refuses_a_list_unless_told():
    assert JsonResponse({"a": 1})["Content-Type"] == "application/json"
    with pytest.raises(TypeError, match="safe"):
        JsonResponse(["django", "http"])
    assert JsonResponse(["django", "http"], safe=False).content == b'["django", "http"]'


# lessons/codes/304.md


def test_http_response_not_modified_has_no_content_type_and_refuses_content():
    response = HttpResponseNotModified()
    assert "Content-Type" not in response
    with pytest.raises(AttributeError):
        response.content = b"body"


# lessons/codes/405.md


@pytest.mark.django_db
def test_a_get_to_logout_view_is_405(client):
    response = client.get("/logout/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert "POST" in response["Allow"]


# lessons/success.md, 206: WhiteNoise answers ranges (it serves this site's static files)


def test_whitenoise_answers_a_range_with_206(client, settings):
    settings.MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware"]
    response = client.get("/static/css/site.css", headers={"Range": "bytes=0-9"})
    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert response["Content-Range"].startswith("bytes 0-9/")
    assert len(b"".join(response.streaming_content)) == 10


# lessons/informational.md, "WebSockets in Django": Django's ASGI handler speaks HTTP only


def test_djangos_asgi_handler_refuses_a_websocket_connection():
    from django.core.handlers.asgi import ASGIHandler

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        raise AssertionError(f"nothing should be sent: {message}")

    scope = {"type": "websocket", "path": "/ws/", "headers": []}
    message = "Django can only handle ASGI/HTTP connections, not websocket."
    # In a thread of its own: after the browser tests, Playwright's loop is running in this one.
    with (
        concurrent.futures.ThreadPoolExecutor(1) as pool,
        pytest.raises(ValueError, match=re.escape(message)),
    ):
        pool.submit(lambda: asyncio.run(ASGIHandler()(scope, receive, send))).result()


# lessons/success.md and codes/202.md: the task backends Django ships


def test_django_ships_only_the_immediate_and_dummy_task_backends():
    import django.tasks.backends as backends
    from django.conf import global_settings

    names = {module.name for module in pkgutil.iter_modules(backends.__path__)}
    assert names == {"base", "dummy", "immediate"}
    default = global_settings.TASKS["default"]["BACKEND"]
    assert default == "django.tasks.backends.immediate.ImmediateBackend"


# lessons/client-errors.md, the user_passes_test pitfall; codes/403.md, permission_required


@pytest.mark.django_db
def test_user_passes_test_and_permission_required_redirect_signed_in_users_too(client):
    client.force_login(User.objects.create_user("ada"))
    for url in ("/staff-page/", "/editors-page/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == f"/login/?next={url}"
    assert client.get("/editors-api/").status_code == HTTPStatus.FORBIDDEN


# lessons/redirection.md: If-None-Match wins over If-Modified-Since


def test_if_none_match_decides_and_the_date_is_ignored(client):
    later = "Thu, 26 Nov 2026 06:00:00 GMT"
    fresh_date_stale_tag = {"If-None-Match": '"v0"', "If-Modified-Since": later}
    assert (
        client.get("/both-validators/", headers=fresh_date_stale_tag).status_code == HTTPStatus.OK
    )
    assert client.get("/both-validators/", headers={"If-Modified-Since": later}).status_code == (
        HTTPStatus.NOT_MODIFIED
    )


# lessons/client-errors.md, "Other ways Django produces a 400"


def test_too_large_a_body_and_too_many_fields_get_400_logged_as_security(client, settings, caplog):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    with caplog.at_level(logging.ERROR, logger="django.security"):
        too_large = client.post("/form/", {"text": "x" * 200})
        too_many = client.post("/form/", {f"field{n}": "x" for n in range(10)})
    assert too_large.status_code == HTTPStatus.BAD_REQUEST
    assert too_many.status_code == HTTPStatus.BAD_REQUEST
    loggers = {record.name for record in caplog.records}
    assert {"django.security.RequestDataTooBig", "django.security.TooManyFieldsSent"} <= loggers


# lessons/client-errors.md, 401: LoginRequiredMiddleware


def test_login_required_middleware_redirects_anonymous_users(client, settings):
    settings.MIDDLEWARE = [
        *DJANGO_MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    response = client.get("/read-only/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/login/?next=/read-only/"


# lessons/client-errors.md, "CSRF failures are 403s too"


def test_a_csrf_failure_logs_its_reason_on_django_security_csrf(caplog):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32  # a cookie, but no token in the form
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post("/form/", {"name": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"CSRF verification failed" in response.content
    assert any(
        record.name == "django.security.csrf" and "CSRF token missing." in record.getMessage()
        for record in caplog.records
    ), [record.getMessage() for record in caplog.records]


# lessons/client-errors.md, 404: the default page does not show the Http404 message


def test_the_default_404_page_does_not_show_the_exception_message(client):
    response = client.get("/missing/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"no such article" not in response.content


# lessons/response-classes.md, HttpResponse's arguments


@pytest.mark.parametrize("status", [99, 600])
def test_a_status_outside_100_to_599_raises_value_error(status):
    with pytest.raises(ValueError, match="from 100 to 599"):
        HttpResponse(status=status)


# lessons/response-classes.md, 302: redirect targets


def test_a_javascript_redirect_target_becomes_a_400(client):
    assert client.get("/unsafe-redirect/").status_code == HTTPStatus.BAD_REQUEST


# lessons/response-classes.md, FileResponse


def test_file_response_sets_length_and_guesses_the_type_from_the_filename():
    response = FileResponse(io.BytesIO(b"a,b\n"), filename="report.csv", as_attachment=True)
    assert response["Content-Length"] == "4"
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'


# lessons/rest-apis.md: HEAD in the test client; request.POST for PUT


def test_the_test_client_drops_the_body_for_head(client):
    response = client.head("/read-only/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b""


def test_request_post_is_empty_for_a_put_with_a_form_body(client):
    form = "application/x-www-form-urlencoded"
    assert client.put("/put-form/", "name=Samovar", content_type=form).content == (
        b"POST has 0 fields"
    )
    assert client.post("/put-form/", "name=Samovar", content_type=form).content == (
        b"POST has 1 fields"
    )


# lessons/server-errors.md: the test client re-raises what escapes a view


def test_the_test_client_re_raises_an_unhandled_exception(client):
    with pytest.raises(ZeroDivisionError):
        client.get("/broken/")


# lessons/codes/302.md: RedirectView


def test_redirect_view_is_temporary_unless_told(client):
    response = client.get("/old-pricing/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/pricing/"


# lessons/codes/304.md: django.views.static.serve


def test_static_serve_honours_if_modified_since(client):
    first = client.get("/files/__init__.py")
    assert first.status_code == HTTPStatus.OK
    assert b"".join(first.streaming_content) == Path(__file__).with_name("__init__.py").read_bytes()
    again = client.get("/files/__init__.py", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
