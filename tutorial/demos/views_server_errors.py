"""5xx demos: catch-alls as they are often written, a real upstream failure (502/504) and
maintenance (503)."""

import json
import logging
import math
import statistics
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from http.client import HTTPException

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from .upstream import MODES, bounded, loopback_upstream

logger = logging.getLogger(__name__)

UPSTREAM_TIMEOUT = 0.5  # seconds
UPSTREAM_MODES = (*MODES, "error")  # "error": the upstream answers 500


def perform_complex_calculation(request):
    # The mean of ?samples=3,4,5: an empty list has none, "x" is not a number. (statistics.mean
    # adds exactly, so finite samples never overflow: sum() of 1e308 and 1e308 would be inf.)
    samples = [float(value) for value in request.GET.get("samples", "").split(",") if value]
    return statistics.mean(samples)


def risky_operation(request):
    try:
        # Potentially dangerous operation
        result = perform_complex_calculation(request)
        return JsonResponse({"result": result})
    except Exception as e:
        # Log the error for debugging
        logger.error(f"Error in risky_operation: {str(e)}")
        # Return 500 error
        return JsonResponse({"error": "Internal server error occurred"}, status=500)


def divide_numbers(request):
    try:
        a = int(request.GET.get("a"))
        b = int(request.GET.get("b"))
        result = a / b
        return JsonResponse({"result": result})
    except ZeroDivisionError:
        return JsonResponse({"error": "Cannot divide by zero"}, status=400)
    except Exception as e:
        logger.error(f"Unexpected error: {str(e)}")
        return JsonResponse({"error": "Server error"}, status=500)


def divide_numbers_fixed(request):
    try:
        a = int(request.GET["a"])
        b = int(request.GET["b"])
    except KeyError:  # MultiValueDictKeyError is a KeyError
        return JsonResponse({"error": "Both 'a' and 'b' are required."}, status=400)
    except ValueError:
        return JsonResponse({"error": "'a' and 'b' must be integers."}, status=400)
    if b == 0:
        return JsonResponse({"error": "Cannot divide by zero."}, status=400)
    return JsonResponse({"result": a / b})


def exchange_rates(request, rates_url):
    try:
        with urllib.request.urlopen(rates_url, timeout=UPSTREAM_TIMEOUT) as upstream:
            rates = json.loads(upstream.read())
    except urllib.error.HTTPError as exc:
        # The upstream answered, but with an error status of its own.
        logger.warning("Rates service answered %s", exc.code)
        return JsonResponse({"error": "Rates service failed."}, status=502)
    except urllib.error.URLError as exc:
        # Could not connect: refused, DNS failure, or connect timeout.
        if isinstance(exc.reason, TimeoutError):
            logger.warning("Rates service connect timeout")
            return JsonResponse({"error": "Rates service timed out."}, status=504)
        logger.warning("Rates service unreachable: %s", exc.reason)
        return JsonResponse({"error": "Rates service unreachable."}, status=502)
    except TimeoutError:
        # Connected, but the reply did not arrive in time.
        logger.warning("Rates service read timeout")
        return JsonResponse({"error": "Rates service timed out."}, status=504)
    except (HTTPException, OSError, ValueError):
        # Connection reset, malformed HTTP, or a body that is not valid JSON.
        logger.warning("Rates service sent an invalid reply", exc_info=True)
        return JsonResponse({"error": "Rates service sent an invalid reply."}, status=502)
    return JsonResponse({"rates": rates})


@bounded("upstream", slots=8, per_ip=60)  # this site's limit: a slow upstream holds a thread
def exchange_rate(request):
    # The demo's own part: a real rates service on loopback, failing as ?upstream= says. (Behind
    # an outbound proxy, urlopen would ask the proxy: list 127.0.0.1 in NO_PROXY.)
    mode = request.GET.get("upstream", "ok")
    if mode not in UPSTREAM_MODES:
        return JsonResponse(
            {"error": f"upstream must be one of {', '.join(UPSTREAM_MODES)}"},
            status=HTTPStatus.BAD_REQUEST,
        )
    with loopback_upstream(mode) as (host, port):
        return exchange_rates(request, f"http://{host}:{port}/rate")


MAINTENANCE_KEY = "demo_maintenance_until"  # in the session: maintenance is per visitor


def maintenance_seconds() -> int:
    return getattr(settings, "DEMO_MAINTENANCE_SECONDS", 120)


def set_maintenance(request):
    # POST maintenance=on puts the service into maintenance for this visitor only, for a while;
    # maintenance=off ends it early.
    choice = request.POST.get("maintenance")
    if choice == "on":
        request.session[MAINTENANCE_KEY] = time.time() + maintenance_seconds()
        return JsonResponse({"maintenance": "on", "seconds": maintenance_seconds()})
    if choice == "off":
        request.session.pop(MAINTENANCE_KEY, None)
        return JsonResponse({"maintenance": "off"})
    return JsonResponse(
        {"error": "Send maintenance=on or maintenance=off (form-encoded)."},
        status=HTTPStatus.BAD_REQUEST,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def service_status(request):
    if request.method == "POST":
        return set_maintenance(request)
    seconds_left = math.ceil(request.session.get(MAINTENANCE_KEY, 0) - time.time())
    if seconds_left > 0:
        response = JsonResponse(
            {"error": f"Down for maintenance. Please come back in {seconds_left} seconds."},
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(seconds_left)  # seconds; an HTTP date works too
        return response
    return JsonResponse({"status": "up"})
