"""Log filters: a client's error costs one short line, never a traceback.

Django logs every SuspiciousOperation (DisallowedHost, RequestDataTooBig, TooManyFieldsSent, ...)
on ``django.security.<name>`` and every 4xx it turns an exception into (a MultiPartParserError,
a BadRequest such as an unparseable Content-Type) on ``django.request``, each with the exception's
full traceback: 1-2 KB a line that anyone can make the site write as fast as they can send
requests. A client's mistake needs no traceback: what happened and where is enough. Server
errors (5xx) keep theirs.
"""

import logging

# The longest message kept of a client error (a Host header alone can be kilobytes long).
MAX_MESSAGE = 300


def is_client_error(record: logging.LogRecord) -> bool:
    if record.name.startswith("django.security."):
        return True  # SuspiciousOperation: Django answers 400 (or 403 for CSRF)
    status = getattr(record, "status_code", None)
    return record.name.startswith("django.request") and isinstance(status, int) and status < 500


class ClientErrorsOneLine(logging.Filter):
    """For a client error: drop the traceback, and keep the message to one short line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if is_client_error(record):
            message = " ".join(record.getMessage().split())
            if len(message) > MAX_MESSAGE:
                message = message[:MAX_MESSAGE] + "..."
            record.msg, record.args = message, ()
            record.exc_info = record.exc_text = record.stack_info = None
        return True
