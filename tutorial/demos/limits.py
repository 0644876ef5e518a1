"""The per-visitor creation cap, applied around the demo views that create rows."""

from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse

from .context import current_sandbox
from .models import Sandbox
from .quota import reset_hint


def capped(model):
    """Refuse a POST that would grow the visitor's sandbox past DEMO_SANDBOX_CAP rows of ``model``.

    The answer is 403 with a JSON explanation: the request is understood but will not be carried
    out while the sandbox is full. Deleting rows, or resetting the sandbox (POST
    /demos/sandbox/reset/, the console's "Reset my sandbox"), makes room.

    Counting and inserting happen in one transaction that first locks the visitor's sandbox row,
    so two POSTs from the same visitor at the same moment cannot both see room for one more row:
    on PostgreSQL the second waits on SELECT ... FOR UPDATE until the first commits; on SQLite
    (where FOR UPDATE is ignored) the transaction is IMMEDIATE (settings.py), so it holds the
    database's write lock from its first statement and writers take turns.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            with transaction.atomic():
                Sandbox.objects.select_for_update().values_list("pk").get(pk=current_sandbox().pk)
                if model.objects.count() >= settings.DEMO_SANDBOX_CAP:
                    name = model._meta.verbose_name_plural
                    return JsonResponse(
                        {
                            "error": f"Your sandbox already holds {settings.DEMO_SANDBOX_CAP} "
                            f"{name}, the most one visitor may create. Delete some first. "
                            f"{reset_hint()}"
                        },
                        status=HTTPStatus.FORBIDDEN,
                    )
                return view(request, *args, **kwargs)

        return wrapper

    return decorator
