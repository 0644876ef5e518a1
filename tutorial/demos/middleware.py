from http import HTTPStatus

from django.http import JsonResponse

from .sandbox import SandboxRefused, sandbox_for_request, use_sandbox


class DemoSandboxMiddleware:
    """Make the visitor's sandbox the one the demo models see, for this request only.

    The sandbox is created lazily: a request that never queries a demo model costs nothing. When
    this client address has started too many sandboxes lately, the request is answered 429 with
    Retry-After instead (see sandbox.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with use_sandbox(lambda: sandbox_for_request(request)):
            return self.get_response(request)

    def process_exception(self, request, exception):
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
