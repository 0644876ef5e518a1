"""Input no demo teaches about, refused before any demo view runs.

The demo views are the code the lessons teach, so they read like ordinary Django views. A public
site also meets input that ordinary code never thinks of, and each of these once turned a demo
that promises 200 or 400 into a 500. This middleware answers them 400 first, for every view in
the ``demos`` namespace, so the views a learner reads need not carry the checks:

- NUL characters, in the query string, a form body or a JSON string: valid in a URL and in JSON,
  but PostgreSQL refuses them in a text column;
- lone surrogates in JSON strings (``"\\ud800"``): valid JSON, not encodable as UTF-8;
- JSON nested too deep for Python's parser (``json.loads`` raises RecursionError);
- numbers too large to compute with: a value that parses as a float but not a finite one
  (``1e400``, ``nan``: JSON has no Infinity or NaN, so the answer could not be JSON), and integers
  longer than MAX_DIGITS (``10**400 / 1`` raises OverflowError: no float holds the result).
"""

import json
import math
from http import HTTPStatus

from django.http import JsonResponse

# A float holds integers up to about 1.8e308 (309 digits): any quotient of two integers of at
# most 300 digits fits, so the division demos can always answer.
MAX_DIGITS = 300


class Refused(ValueError):
    """Input refused: the message is what the visitor is told."""


def check_text(text: str) -> None:
    if "\x00" in text:
        raise Refused("Text may not contain NUL characters.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("Text may not contain lone surrogates (it is not valid UTF-8).") from None


def check_number(value: str) -> None:
    """Refuse a value that looks like a number no demo can compute with."""
    digits = value.strip().lstrip("+-").replace("_", "")
    if digits.isdigit():
        if len(digits) > MAX_DIGITS:
            raise Refused(f"Numbers may have at most {MAX_DIGITS} digits.")
        return
    try:
        number = float(value)
    except ValueError:
        return  # not a number at all: the demo's own validation answers that
    if not math.isfinite(number):
        raise Refused(f"Numbers must be finite; {value!r} is not.")


def check_field(value: str) -> None:
    check_text(value)
    # ?samples=3,4,5 is a list of numbers in one field.
    for part in value.split(","):
        check_number(part)


def check_json(value) -> None:
    """Walk parsed JSON without recursion (it parsed, so it is finitely deep)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise Refused("Numbers must be finite.")
        elif isinstance(item, int) and not isinstance(item, bool):
            if len(str(abs(item))) > MAX_DIGITS:
                raise Refused(f"Numbers may have at most {MAX_DIGITS} digits.")
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def check_request(request) -> None:
    for _, values in request.GET.lists():
        for value in values:
            check_field(value)
    if request.content_type == "application/x-www-form-urlencoded":
        for _, values in request.POST.lists():
            for value in values:
                check_field(value)
    elif request.content_type == "application/json" and request.body:
        try:
            data = json.loads(request.body)
        except RecursionError:
            raise Refused("The JSON is nested too deeply.") from None
        except ValueError:
            return  # not JSON (or not UTF-8): the view's own parsing answers that
        check_json(data)


class DemoInputMiddleware:
    """Answer 400 to demo requests carrying input no demo teaches about (see the module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "demos":
            return None
        try:
            check_request(request)
        except Refused as refused:
            return JsonResponse({"error": str(refused)}, status=HTTPStatus.BAD_REQUEST)
        return None
