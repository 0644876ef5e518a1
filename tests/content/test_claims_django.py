"""What the lessons say Django does, checked against the installed Django.

Each test names the lesson or code page that makes the claim. The views and URLs are this
module's own (pytest's `urls` mark), and the middleware is Django's, not the site's: the claims
are about Django, so nothing of ours sits between the request and the behaviour.
"""

import json
from http import HTTPStatus

import pytest
from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin, UserPassesTestMixin
from django.contrib.auth.models import User
from django.contrib.auth.views import LogoutView
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.test import RequestFactory
from django.urls import path
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers
from django.views.generic import FormView

ETAG = '"v1"'


def current_etag(request):
    return ETAG


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


def handler400(request, exception):
    return HttpResponse("our handler400", status=HTTPStatus.BAD_REQUEST)


urlpatterns = [
    path("conditional/", conditional_view),
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
