"""The demos' middleware: binds the visitor's sandbox to the request, and answers the demos'
refusals (too many new sandboxes, text the site does not store, a full sandbox) clearly."""

from http import HTTPStatus

from django.http import JsonResponse

from .context import NoSandbox, use_sandbox
from .quota import StorageRefused
from .sandbox import SandboxRefused, sandbox_for_request


def demo_internal(view):
    """Mark a view the site calls itself (the 1xx demo's self-request target): the demos'
    middleware gives it no sandbox, no visitor id and no rate limit (ratelimit.py honours the
    same attribute). The demo that calls it is the one limited."""
    view.demo_internal = True
    return view


class DemoSandboxMiddleware:
    """Make the visitor's sandbox the one the demo models see, for this request only.

    The sandbox is created lazily: a request that never queries a demo model costs nothing. When
    this client address has started too many sandboxes lately, the request is answered 429 with
    Retry-After instead (see sandbox.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with use_sandbox(lambda: self.sandbox(request)):
            return self.get_response(request)

    @staticmethod
    def sandbox(request):
        if getattr(request, "demo_internal", False):
            raise NoSandbox("an internal demo view has no visitor sandbox")
        return sandbox_for_request(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "demo_internal", False):
            request.demo_internal = True

    def process_exception(self, request, exception):
        if isinstance(exception, StorageRefused):
            body = {"error": exception.message}
            if exception.field:
                body["field"] = exception.field
            return JsonResponse(body, status=exception.status)
        if not isinstance(exception, SandboxRefused):
            return None
        response = JsonResponse(
            {
                "error": f"Too many new demo sandboxes from this address: at most "
                f"{exception.limit} every {exception.window} seconds. Keep your cookies (one "
                f"sandbox lasts), or try again in {exception.retry_after} seconds."
            },
            status=HTTPStatus.TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
