"""The site's error pages: the 400, 403 and 404 handlers, and the demos' pages with debug on.

Django's default handlers for 400, 403 and 404 are wrapped in ``requires_csrf_token``, which runs
the CSRF check's token lookup and so reads ``request.POST``. For a POST whose body Django cannot
parse (multipart/form-data without a boundary) from a client holding a CSRF cookie, that raises
MultiPartParserError inside the error handler, and Django answers an exception in an error
handler with 500: any such POST to a missing URL, or with a Host not in ALLOWED_HOSTS, was a
500. None of these pages holds a form, so none needs a token, and none reads the request body.
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core import signals
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, get_resolver, get_urlconf, resolve
from django.utils.log import log_response

DEMOS_NAMESPACE = "demos"


def bad_request(request, exception):
    return render(request, "400.html", status=HTTPStatus.BAD_REQUEST)


def permission_denied(request, exception):
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def page_not_found(request, exception):
    return render(request, "404.html", status=HTTPStatus.NOT_FOUND)


class DemoErrorPagesMiddleware:
    """With debug on, a demo still answers an error with the site's own page, as in production.

    With DEBUG on, Django answers Http404, BadRequest and SuspiciousOperation and any uncaught
    exception with its technical pages (the URL patterns, or a traceback with settings: 77 KB for
    a 500), which is what a learner would then see in a demo's body, against the lessons' "never
    leak a traceback". For requests under the demos' prefix this answers them as Django does with
    DEBUG off (django/core/handlers/exception.py): the site's 400/404/500 handlers, the same
    signal, the same log lines (a 500's traceback is still logged). Everywhere else, the site's
    own bugs keep Django's technical pages. With DEBUG off this does nothing.

    It sits before the demos' own middleware in MIDDLEWARE, so their process_exception (the
    sandbox's 429) runs first. Django checks PermissionDenied and MultiPartParserError with the
    site's handlers even in debug, so those are left to it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.DEBUG and self.is_demo(request)):
            return self.get_response(request)
        # An address under the prefix that no demo matches never reaches process_exception:
        # Django's 404 for it is built before any middleware sees an exception.
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as exc:
            unresolved = exc
        else:
            unresolved = None
        response = self.get_response(request)
        if unresolved is not None and response.status_code == HTTPStatus.NOT_FOUND:
            # Keep the response the middleware below built (its headers), with the site's body.
            response.content = page_not_found(request, unresolved).content
        return response

    def process_exception(self, request, exception):
        if not (settings.DEBUG and self.is_demo(request)):
            return None
        if isinstance(exception, PermissionDenied | MultiPartParserError):
            return None  # Django answers these with the site's handlers even in debug
        resolver = get_resolver(get_urlconf())
        if isinstance(exception, Http404):
            return resolver.resolve_error_handler(HTTPStatus.NOT_FOUND)(request, exception)
        if isinstance(exception, SuspiciousOperation):
            if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
                request._mark_post_parse_error()  # as Django does: the body cannot be read again
            response = resolver.resolve_error_handler(HTTPStatus.BAD_REQUEST)(request, exception)
            security_logger = logging.getLogger(f"django.security.{type(exception).__name__}")
            log_response(
                str(exception),
                exception=exception,
                request=request,
                response=response,
                level="error",
                logger=security_logger,
            )
            return response
        if isinstance(exception, BadRequest):
            response = resolver.resolve_error_handler(HTTPStatus.BAD_REQUEST)(request, exception)
            message = str(exception)
        else:
            signals.got_request_exception.send(sender=None, request=request)
            response = resolver.resolve_error_handler(HTTPStatus.INTERNAL_SERVER_ERROR)(request)
            message = response.reason_phrase
        log_response(
            "%s: %s",
            message,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response

    @staticmethod
    def is_demo(request) -> bool:
        """Is this request under the demos' URL prefix (demos/ in tutorial/urls.py)?"""
        resolver = get_resolver(getattr(request, "urlconf", None))
        prefix, _ = resolver.namespace_dict.get(DEMOS_NAMESPACE, (None, None))
        return prefix is not None and request.path_info.startswith("/" + prefix)
