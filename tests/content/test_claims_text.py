"""Each sentence that states a checked fact, tied to the claims test that checks it.

A sentence listed here must stay in its file (word for word, ignoring line breaks): rewording it
means looking again at the test it names. The statements the lessons used to make, and that turned
out wrong (issue 11), must not come back.
"""

import re

import pytest
from django.conf import settings

from . import test_claims_django, test_claims_gunicorn, test_claims_runserver

MODULES = {
    "django": test_claims_django,
    "gunicorn": test_claims_gunicorn,
    "runserver": test_claims_runserver,
}

# (file under lessons/, the sentence or phrase, "module::test" that checks it)
STATEMENTS = [
    (
        "redirection.md",
        "It does produce a [412](/codes/412/): a GET whose `If-Match` names no ETag of the "
        "finished response",
        "django::test_conditional_get_middleware_answers_412_to_a_get_whose_if_match_fails",
    ),
    (
        "redirection.md",
        "it ignores PUT, PATCH and DELETE",
        "django::test_conditional_get_middleware_leaves_writes_alone",
    ),
    (
        "redirection.md",
        "`ConditionalGetMiddleware` builds its 304 from the finished 200 and copies exactly these "
        "headers (plus `Last-Modified` and cookies)",
        "django::test_conditional_get_middleware_copies_caching_headers_onto_its_304",
    ),
    (
        "redirection.md",
        "its 304 carries only `ETag` and `Last-Modified`, and a `Cache-Control` or `Vary` that the "
        "view sets is missing from it",
        "django::test_conditions_304_lacks_the_cache_control_and_vary_the_view_sets",
    ),
    (
        "redirection.md",
        "Set those with decorators placed *above* `@condition`",
        "django::test_decorators_above_condition_put_cache_control_and_vary_on_its_304",
    ),
    (
        "redirection.md",
        "`Date` is added by the server in front of Django (gunicorn, runserver), not by Django.",
        "gunicorn::test_the_server_adds_date_django_does_not",
    ),
    (
        "codes/412.md",
        "on failure the view is never called and the answer is a bare 412",
        "django::test_condition_answers_412_to_a_stale_if_match_without_running_the_view",
    ),
    (
        "codes/401.md",
        "`PermissionRequiredMixin` and `UserPassesTestMixin` do the same for anonymous users "
        "(a 302 to the login page) and raise `PermissionDenied`, a 403, for signed-in users",
        "django::test_permission_mixins_redirect_anonymous_users_and_refuse_signed_in_ones",
    ),
    (
        "codes/400.md",
        "`MultiPartParserError` always goes to `handler400`, even with `DEBUG` on.",
        "django::test_a_broken_multipart_body_reaches_handler400_even_with_debug",
    ),
    (
        "codes/400.md",
        "and the technical error page, still with status 400, when it is on",
        "django::test_other_bad_requests_show_the_technical_page_with_debug",
    ),
    (
        "codes/302.md",
        "with none of them it answers 200 and renders `registration/logged_out.html`",
        "django::test_logout_view_without_a_destination_answers_200_with_its_template",
    ),
    (
        "codes/302.md",
        "`LogoutView` redirects with 302 only when it has somewhere to go: its `next_page`, "
        "`settings.LOGOUT_REDIRECT_URL`, or a `?next=` in the request",
        "django::test_logout_view_redirects_with_next_page_the_setting_or_next",
    ),
    (
        "codes/415.md",
        "except ValueError:  # JSONDecodeError, and UnicodeDecodeError for a body that is not "
        "UTF-8",
        "django::test_a_body_that_is_not_utf8_raises_unicode_decode_error_a_value_error",
    ),
    (
        "codes/306.md",
        "# 306 Unknown Status Code",
        "django::test_codes_python_does_not_know_get_the_unknown_reason_phrase",
    ),
    (
        "codes/104.md",
        '`HttpResponse(status=104)` would get the reason phrase "Unknown Status Code"',
        "django::test_codes_python_does_not_know_get_the_unknown_reason_phrase",
    ),
    (
        "codes/412.md",
        '@require_http_methods(["GET", "HEAD", "PUT"])',
        "django::test_require_http_methods_get_and_put_rejects_head",
    ),
    (
        "codes/428.md",
        '@require_http_methods(["GET", "HEAD", "PUT"])',
        "django::test_require_http_methods_get_and_put_rejects_head",
    ),
    (
        "client-errors.md",
        "`View` answers 405 with `Allow`",
        "django::test_a_class_based_view_answers_head_and_405_with_allow_by_itself",
    ),
    (
        "codes/422.md",
        "Django's `FormView.form_invalid()` and the classic function-view pattern re-render the "
        "form with 200.",
        "django::test_form_view_re_renders_an_invalid_form_with_200",
    ),
    (
        "server-errors.md",
        "gunicorn itself answers `500 Internal Server Error` with its own short page",
        "gunicorn::test_a_sync_worker_past_its_timeout_answers_500_itself",
    ),
    (
        "server-errors.md",
        "The same happens to a sync worker stuck reading an upload from a client that stalls.",
        "gunicorn::test_a_sync_worker_waiting_for_a_stalled_upload_answers_500",
    ),
    (
        "server-errors.md",
        "A **gthread** worker (`--threads`, this site's choice) is not stopped at all",
        "gunicorn::test_a_gthread_worker_lets_a_view_run_past_its_timeout",
    ),
    (
        "codes/408.md",
        "gets the worker restarted and a 500",
        "gunicorn::test_a_sync_worker_waiting_for_a_stalled_upload_answers_500",
    ),
    (
        "codes/414.md",
        "gunicorn 27 answers 414 when it is over `limit_request_line`, 4,094 bytes by default",
        "gunicorn::test_a_request_line_over_limit_request_line_gets_414",
    ),
    (
        "codes/414.md",
        "`manage.py runserver` answers 414 when the request line is over 65,536 bytes.",
        "runserver::test_a_request_line_over_65536_bytes_gets_414",
    ),
    (
        "codes/417.md",
        "answers 417 to any value other than `100-continue` and never calls Django",
        "gunicorn::test_an_unknown_expectation_gets_417_before_django",
    ),
    (
        "codes/417.md",
        "`manage.py runserver` ignores them and passes the request on",
        "runserver::test_an_unknown_expectation_is_passed_on_to_django",
    ),
    (
        "codes/100.md",
        "Django's `runserver` (built on Python's `http.server`) and gunicorn send `100 Continue`",
        "gunicorn::test_gunicorn_sends_100_continue_before_the_body",
    ),
    (
        "codes/100.md",
        "Django's `runserver` (built on Python's `http.server`) and gunicorn send `100 Continue`",
        "runserver::test_runserver_sends_100_continue_before_the_body",
    ),
    (
        "codes/103.md",
        "gunicorn 25 and later put a non-standard callable in the WSGI environ, `wsgi.early_hints`",
        "gunicorn::test_wsgi_early_hints_sends_a_103_before_the_response",
    ),
    (
        "informational.md",
        "Treat it as optional, because `runserver` and other servers don't provide it",
        "runserver::test_runserver_offers_no_wsgi_early_hints",
    ),
    (
        "success.md",
        "gunicorn (from 26.2, per its changelog; this site runs 27) quietly drops the body.",
        "gunicorn::test_gunicorn_drops_the_body_of_a_204",
    ),
    (
        "success.md",
        "The development server sends it, with the `Content-Length: 8` that `CommonMiddleware` "
        "adds",
        "runserver::test_the_body_of_a_204_is_sent_with_its_content_length",
    ),
    (
        "guides/headers.yaml",
        "gunicorn sends a StreamingHttpResponse chunked to an HTTP/1.1 client",
        "gunicorn::test_a_streaming_response_is_sent_chunked",
    ),
    (
        "guides/headers.yaml",
        "Django's runserver does not, and closes the connection to end the body.",
        "runserver::test_a_streaming_response_is_not_chunked_and_the_connection_closes",
    ),
    (
        "codes/505.md",
        'gunicorn refuses such a request line with a proper `400 Bad Request` ("Invalid HTTP '
        'Version").',
        "gunicorn::test_a_request_line_with_http_2_gets_400_invalid_http_version",
    ),
    (
        "codes/505.md",
        'it replies HTTP/0.9 style: no status line, only an error page that reads "Error code: '
        '505".',
        "runserver::test_a_request_line_with_http_2_gets_505_without_a_status_line",
    ),
    (
        "redirection.md",
        "answers `/about` with a 301 to `/about/` when only the slashed URL exists",
        "django::test_append_slash_answers_301_to_the_slashed_url",
    ),
    (
        "redirection.md",
        "so with `DEBUG = True` Django raises a `RuntimeError` instead (in production the data is "
        "silently lost)",
        "django::test_append_slash_refuses_to_redirect_a_post_with_debug_and_loses_it_without",
    ),
    (
        "codes/401.md",
        "send anonymous users a [302](/codes/302/) to `settings.LOGIN_URL` with a `?next=` "
        "parameter",
        "django::test_login_required_redirects_to_login_url_with_next",
    ),
    (
        "response-classes.md",
        "`HttpResponsePermanentRedirect` then answers [308](/codes/308/) and "
        "`HttpResponseRedirect` answers [307](/codes/307/)",
        "django::test_redirect_chooses_the_code_from_permanent_and_preserve_request",
    ),
    (
        "rest-apis.md",
        "`get_object_or_404()` is correct but renders your *HTML* `handler404` page (or Django's "
        "debug page)",
        "django::test_http404_is_answered_with_an_html_page_in_both_modes",
    ),
    (
        "server-errors.md",
        "Django calls `handler500` only when `DEBUG = False`.",
        "django::test_handler500_runs_only_when_debug_is_off",
    ),
    (
        "server-errors.md",
        "Django's default logging sends errors to the console **only when `DEBUG = True`**.",
        "django::test_djangos_default_logging_writes_to_the_console_only_with_debug",
    ),
    (
        "server-errors.md",
        "with `DEBUG = False` and an empty list, Django rejects every request with a 400",
        "django::test_an_empty_allowed_hosts_without_debug_answers_every_request_400",
    ),
    (
        "response-classes.md",
        "Django itself answers 403 when CSRF verification fails.",
        "django::test_a_post_without_a_csrf_token_gets_403",
    ),
    (
        "success.md",
        "Django's own `FileResponse` ignores `Range` and always answers 200 with the whole file.",
        "django::test_file_response_ignores_range_and_answers_200_with_the_whole_file",
    ),
    (
        "success.md",
        "WhiteNoise (which serves this site's static files) and nginx both answer ranges with 206",
        "django::test_whitenoise_answers_a_range_with_206",
    ),
    (
        "success.md",
        "`JsonResponse` always sets `Content-Type: application/json`.",
        "django::test_json_response_sets_its_content_type_and_refuses_a_list_unless_told",
    ),
    (
        "codes/304.md",
        "setting content on it raises `AttributeError`, and it has no `Content-Type`.",
        "django::test_http_response_not_modified_has_no_content_type_and_refuses_content",
    ),
    (
        "codes/405.md",
        "since Django 5.0 a `GET` to `LogoutView` is a 405 too",
        "django::test_a_get_to_logout_view_is_405",
    ),
    (
        "codes/411.md",
        'a chunked upload through gunicorn reaches your view with `request.body == b""` and no '
        "error",
        "gunicorn::test_a_chunked_upload_reaches_django_as_an_empty_body",
    ),
    (
        "codes/426.md",
        "gunicorn silently drops them unless the value is `websocket`",
        "gunicorn::test_hop_by_hop_upgrade_headers_are_dropped_unless_websocket",
    ),
    (
        "codes/426.md",
        "`runserver` (built on `wsgiref`) raises `AssertionError` when a response has `Upgrade` or "
        "`Connection`",
        "runserver::test_a_view_setting_hop_by_hop_headers_gets_a_500",
    ),
    (
        "informational.md",
        "(gunicorn and Python's `http.server` both stop at 100), so the server refuses the head "
        "with [431](/codes/431/) Request Header Fields Too Large and sends no 100 at all",
        "gunicorn::test_too_many_header_fields_get_431_and_no_100",
    ),
    (
        "informational.md",
        "(gunicorn and Python's `http.server` both stop at 100), so the server refuses the head "
        "with [431](/codes/431/) Request Header Fields Too Large and sends no 100 at all",
        "runserver::test_too_many_header_fields_get_431_and_no_100",
    ),
    (
        "informational.md",
        "`ValueError: Django can only handle ASGI/HTTP connections, not websocket.`",
        "django::test_djangos_asgi_handler_refuses_a_websocket_connection",
    ),
    (
        "codes/202.md",
        "Django ships two task backends, both for development and tests: the default "
        "`ImmediateBackend` runs the task before the view returns, and `DummyBackend` never runs "
        "it",
        "django::test_django_ships_only_the_immediate_and_dummy_task_backends",
    ),
    (
        "codes/403.md",
        "`@permission_required(..., raise_exception=True)` raises it; without the flag it "
        "redirects to login.",
        "django::test_user_passes_test_and_permission_required_redirect_signed_in_users_too",
    ),
    (
        "redirection.md",
        "When both headers are present, `If-None-Match` wins and the date is ignored",
        "django::test_if_none_match_decides_and_the_date_is_ignored",
    ),
    (
        "client-errors.md",
        "a body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE`, too many form fields, or a broken "
        "multipart upload. Most of these are `SuspiciousOperation` errors, logged on the "
        "`django.security.*` loggers.",
        "django::test_too_large_a_body_and_too_many_fields_get_400_logged_as_security",
    ),
    (
        "client-errors.md",
        "The same goes for `LoginRequiredMiddleware` (Django 5.1+).",
        "django::test_login_required_middleware_redirects_anonymous_users",
    ),
    (
        "client-errors.md",
        'It also logs the reason, such as "CSRF token missing.", on the `django.security.csrf` '
        "logger.",
        "django::test_a_csrf_failure_logs_its_reason_on_django_security_csrf",
    ),
    (
        "client-errors.md",
        "available to that template as `{{ exception }}`, but Django's default page does not show "
        "it.",
        "django::test_the_default_404_page_does_not_show_the_exception_message",
    ),
    (
        "response-classes.md",
        "`status`: an integer from 100 to 599. Anything outside that range raises `ValueError`.",
        "django::test_a_status_outside_100_to_599_raises_value_error",
    ),
    (
        "response-classes.md",
        "A `javascript:` target raises `DisallowedRedirect`, a `SuspiciousOperation`, which "
        "becomes a [400](/codes/400/).",
        "django::test_a_javascript_redirect_target_becomes_a_400",
    ),
    (
        "response-classes.md",
        "It sets `Content-Length`, guesses `Content-Type` from the filename, and with "
        '`as_attachment=True` adds `Content-Disposition: attachment; filename="..."`',
        "django::test_file_response_sets_length_and_guesses_the_type_from_the_filename",
    ),
    (
        "rest-apis.md",
        "Django's runserver and test client drop the body for HEAD",
        "django::test_the_test_client_drops_the_body_for_head",
    ),
    (
        "rest-apis.md",
        "Django's runserver and test client drop the body for HEAD",
        "runserver::test_runserver_drops_the_body_for_head",
    ),
    (
        "rest-apis.md",
        "For PUT, PATCH and DELETE it is always an empty `QueryDict`.",
        "django::test_request_post_is_empty_for_a_put_with_a_form_body",
    ),
    (
        "server-errors.md",
        "Django's test client re-raises unhandled exceptions in your tests",
        "django::test_the_test_client_re_raises_an_unhandled_exception",
    ),
    (
        "codes/302.md",
        "- `RedirectView`, unless `permanent=True`.",
        "django::test_redirect_view_is_temporary_unless_told",
    ),
    (
        "codes/304.md",
        "`django.views.static.serve` honours `If-Modified-Since`.",
        "django::test_static_serve_honours_if_modified_since",
    ),
]

# What the lessons used to say, each found wrong against the RFCs or the real servers.
OUTDATED = [
    ("redirection.md", "it never produces a [412](/codes/412/)"),
    ("redirection.md", "builds its 304 from the 200 the view would have sent"),
    ("redirection.md", "browsers update bookmarks"),
    ("server-errors.md", "and nginx reports the closed connection as a 502"),
    ("server-errors.md", "nginx answers 502 because gunicorn killed a worker"),
    ("codes/502.md", "ran past gunicorn's `--timeout` (30 seconds by default) and was killed"),
    ("codes/504.md", "so a slow view usually shows up as a 502"),
    ("success.md", "gunicorn kills workers after 30 seconds by default"),
    ("codes/451.md", "it tells the user that the content exists"),
    ("guides/choosing.md", "A 4xx means the same request will fail the same way"),
    ("guides/choosing.md", "are never wrong, only vague"),
    ("codes/402.md", "in a later lesson"),
    ("codes/403.md", "in a later lesson"),
    ("codes/403.md", "new or different credentials will not change the answer"),
    ("codes/403.md", "logging in again will not help"),
    ("response-classes.md", "Logging in again won't help"),
    ("client-errors.md", "Logging in again with the same account won't help."),
    ("codes/401.md", "raise `PermissionDenied`, which is a 403, and so does"),
    ("response-classes.md", "with `status=HTTPStatus.BAD_REQUEST` instead of a 200"),
    ("response-classes.md", "browsers cache it aggressively (RFC 9110 §15.4.2)"),
    ("codes/301.md", "bookmarks and links should be updated"),
    (
        "codes/400.md",
        "rendered by `handler400` (your `400.html` template) when `DEBUG` is off, or by",
    ),
    ("codes/302.md", "`LoginView` and `LogoutView` redirect with 302 when they finish"),
    ("codes/415.md", "except json.JSONDecodeError:"),
    ("guides/headers.yaml", "A StreamingHttpResponse is sent chunked."),
    ("codes/505.md", "HTTP/2 to the browser and HTTP/1.1 to gunicorn"),
    ("rest-apis.md", "To adopt it fully"),
    ("success.md", "configure a backend that uses a separate worker"),
    ("codes/202.md", "Django's built-in task backends are for development and tests"),
    ("codes/412.md", '@require_http_methods(["GET", "PUT"])'),
    ("codes/428.md", '@require_http_methods(["GET", "PUT"])'),
    ("codes/103.md", "newer gunicorn releases"),
    ("server-errors.md", "tests/content/test_claims_gunicorn.py"),
    ("informational.md", "Recent gunicorn releases"),
]


def text_of(name: str) -> str:
    return " ".join((settings.LESSONS_DIR / name).read_text(encoding="utf-8").split())


@pytest.mark.parametrize(
    ("name", "phrase", "test"),
    [pytest.param(*item, id=f"{item[0]}: {item[2].split('::')[1]}") for item in STATEMENTS],
)
def test_a_checked_statement_stays_in_its_file_and_its_test_exists(name, phrase, test):
    assert " ".join(phrase.split()) in text_of(name)
    module, function = test.split("::")
    assert callable(getattr(MODULES[module], function, None)), test


@pytest.mark.parametrize(("name", "phrase"), OUTDATED, ids=[f"{n}: {p[:40]}" for n, p in OUTDATED])
def test_an_outdated_statement_does_not_come_back(name, phrase):
    assert " ".join(phrase.split()).lower() not in text_of(name).lower()


def test_every_claims_test_is_tied_to_a_statement():
    tied = {test for _, _, test in STATEMENTS}
    defined = {
        f"{name}::{function}"
        for name, module in MODULES.items()
        for function in dir(module)
        if re.match(r"test_", function)
    }
    assert defined - tied == set()
