"""The site's 400, 403 and 404 pages: Django's, without ``requires_csrf_token``.

Django's default handlers for these codes are wrapped in ``requires_csrf_token``, which runs the
CSRF check's token lookup and so reads ``request.POST``. For a POST whose body Django cannot
parse (multipart/form-data without a boundary) from a client holding a CSRF cookie, that raises
MultiPartParserError inside the error handler, and Django answers an exception in an error
handler with 500: any such POST to a missing URL, or with a Host not in ALLOWED_HOSTS, was a
500. None of these pages holds a form, so none needs a token, and none reads the request body.
"""

from http import HTTPStatus

from django.shortcuts import render


def bad_request(request, exception):
    return render(request, "400.html", status=HTTPStatus.BAD_REQUEST)


def permission_denied(request, exception):
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def page_not_found(request, exception):
    return render(request, "404.html", status=HTTPStatus.NOT_FOUND)
