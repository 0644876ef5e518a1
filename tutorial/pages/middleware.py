from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Per-visitor answers are never cached: demo responses and every error page get no-store.

    A view that chose its own Cache-Control keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        match = request.resolver_match
        if response.status_code >= 400 or (match is not None and match.namespace == "demos"):
            patch_cache_control(response, no_store=True)
        return response
