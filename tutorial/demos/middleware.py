from .sandbox import sandbox_for_session, use_sandbox


class DemoSandboxMiddleware:
    """Make the visitor's sandbox the one the demo models see, for this request only.

    The sandbox is created lazily: a request that never queries a demo model costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with use_sandbox(lambda: sandbox_for_session(request.session)):
            return self.get_response(request)
