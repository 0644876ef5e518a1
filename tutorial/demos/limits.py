"""The per-visitor creation cap, applied around the demo views that create rows."""

from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse


def capped(model):
    """Refuse a POST that would grow the visitor's sandbox past DEMO_SANDBOX_CAP rows of ``model``.

    The answer is 403 with a JSON explanation: the request is understood but will not be carried
    out while the sandbox is full. Deleting rows (or signing out and back) makes room.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and model.objects.count() >= settings.DEMO_SANDBOX_CAP:
                name = model._meta.verbose_name_plural
                return JsonResponse(
                    {
                        "error": f"Your sandbox already holds {settings.DEMO_SANDBOX_CAP} {name}, "
                        f"the most one visitor may create. Delete some first."
                    },
                    status=HTTPStatus.FORBIDDEN,
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
