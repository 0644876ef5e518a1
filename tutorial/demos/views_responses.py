"""Each of Django's built-in response classes, reachable on its own."""

from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)

# A view that built all eight would return only the first; here each has its own URL.
RESPONSES = {
    "ok": lambda: HttpResponse("Success"),  # 200
    "bad-request": lambda: HttpResponseBadRequest("Invalid data"),  # 400
    "forbidden": lambda: HttpResponseForbidden("Access denied"),  # 403
    "not-found": lambda: HttpResponseNotFound("Page not found"),  # 404
    "not-allowed": lambda: HttpResponseNotAllowed(["GET", "POST"]),  # 405, sets Allow
    "server-error": lambda: HttpResponseServerError("Server error"),  # 500
    "redirect": lambda: HttpResponseRedirect("/demos/new-url/"),  # 302
    "permanent-redirect": lambda: HttpResponsePermanentRedirect("/demos/new-url/"),  # 301
}


def example_responses(request, kind):
    if kind not in RESPONSES:
        raise Http404(f"No example response called {kind!r}.")
    return RESPONSES[kind]()
