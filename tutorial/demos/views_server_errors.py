"""5xx demos: catch-alls as they are often written, a real upstream failure (502/504) and
maintenance (503)."""

import http.client
import json
import logging
import math
import statistics
import time
from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from .upstream import MODES, loopback_upstream

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


def exchange_rate(request):
    # Our view is a gateway: it asks an upstream service, and answers for it.
    mode = request.GET.get("upstream", "ok")
    if mode not in UPSTREAM_MODES:
        return JsonResponse(
            {"error": f"upstream must be one of {', '.join(UPSTREAM_MODES)}"},
            status=HTTPStatus.BAD_REQUEST,
        )
    with loopback_upstream(mode) as (host, port):
        connection = http.client.HTTPConnection(host, port, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.request("GET", "/rate")
            reply = connection.getresponse()
            if reply.status >= HTTPStatus.BAD_REQUEST:
                # The upstream answered, but with an error status of its own: still a 502, not
                # its status passed through (the client asked us, not the rate service).
                logger.warning("rate service answered %s", reply.status)
                return JsonResponse(
                    {"error": "The rate service failed.", "detail": f"HTTP {reply.status}"},
                    status=HTTPStatus.BAD_GATEWAY,
                )
            data = json.loads(reply.read())
        except TimeoutError:
            # The upstream said nothing in time: 504 Gateway Timeout.
            return JsonResponse(
                {"error": "The rate service did not answer in time."},
                status=HTTPStatus.GATEWAY_TIMEOUT,
            )
        except (OSError, http.client.HTTPException, ValueError) as exc:
            # Refused, reset, or not HTTP/JSON at all: 502 Bad Gateway.
            logger.warning("rate service failed: %r", exc)
            return JsonResponse(
                {"error": "The rate service failed.", "detail": type(exc).__name__},
                status=HTTPStatus.BAD_GATEWAY,
            )
        finally:
            connection.close()
    return JsonResponse({"rate": data["rate"], "source": f"http://{host}:{port}/rate"})


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
