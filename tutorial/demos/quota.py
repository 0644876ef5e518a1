"""What one visitor may store: text of a bounded length, and a bounded number of bytes in all.

The models enforce both on every save (``models.SandboxedModel.save``), so every path that
writes a demo row is bounded, including the seed's as-written views that call
``Model.objects.create(...)`` with whatever the request carried. SQLite does not enforce a
CharField's max_length (it stores a 2,000,000-character "title" in a varchar(200) column), so
the length is checked here, in characters as PostgreSQL counts them. A refusal is an exception
the demos' middleware answers with a clear JSON message: 400 for text the site does not store,
403 for a full sandbox, with how to start over. Nothing is ever truncated silently.

This module imports nothing of the demos: the models raise its exceptions, the middleware
answers them.
"""

from http import HTTPStatus

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse

# Bytes of text (UTF-8, as stored) one sandbox may hold, unless DEMO_SANDBOX_BYTES says otherwise.
SANDBOX_BYTES = 64 * 1024


def sandbox_bytes_limit() -> int:
    return getattr(settings, "DEMO_SANDBOX_BYTES", SANDBOX_BYTES)


def reset_hint() -> str:
    return (
        f"To start over with a fresh sandbox, POST to {reverse('demos:sandbox-reset')} "
        "or press Reset my sandbox."
    )


class StorageRefused(Exception):
    """A demo row the site will not store; ``status`` and ``message`` are the answer."""

    status = HTTPStatus.BAD_REQUEST

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class TextRefused(StorageRefused):
    """Text longer than its field's max_length, or text no database column takes."""


class SandboxFull(StorageRefused):
    """The visitor's sandbox would hold more than its byte quota."""

    status = HTTPStatus.FORBIDDEN


def text_fields(model) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def check_text(instance) -> None:
    """Refuse any text field of ``instance`` that is too long or not storable text.

    None is left alone: a missing value is the database's to refuse (the seed's create_article
    shows that 500 on purpose).
    """
    for field in text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        if field.max_length is not None and len(value) > field.max_length:
            raise TextRefused(
                f'"{field.name}" is {len(value):,} characters long; at most '
                f"{field.max_length:,} are stored. Nothing was saved.",
                field.name,
            )
        # JSON can carry NUL ("\u0000", which PostgreSQL refuses) and lone surrogates, which
        # UTF-8 cannot encode: either would reach the database and come back as a 500.
        if "\x00" in value or (not value.isascii() and not _encodable(value)):
            raise TextRefused(
                f'"{field.name}" must be text: no NUL characters or lone surrogates. '
                "Nothing was saved.",
                field.name,
            )


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_bytes(instance) -> int:
    return sum(
        len(value.encode("utf-8"))
        for field in text_fields(type(instance))
        if isinstance(value := getattr(instance, field.attname), str)
    )


class OctetLength(models.Func):
    """The bytes a text value takes (PostgreSQL's octet_length; SQLite before 3.43 has none)."""

    function = "OCTET_LENGTH"
    output_field = models.BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="LENGTH(CAST(%(expressions)s AS BLOB))")


def stored_bytes(queryset) -> int:
    """Bytes of text in the rows of ``queryset`` (one aggregate query)."""
    fields = text_fields(queryset.model)
    if not fields:
        return 0
    total = sum(
        (Coalesce(OctetLength(field.name), 0) for field in fields[1:]),
        start=Coalesce(OctetLength(fields[0].name), 0),
    )
    return queryset.aggregate(total=models.Sum(total))["total"] or 0


def check_room(instance, others: int) -> None:
    """Refuse ``instance`` when, beside ``others`` bytes already stored, it would overfill."""
    limit = sandbox_bytes_limit()
    if others + text_bytes(instance) > limit:
        raise SandboxFull(
            f"Your sandbox would hold more than {limit:,} bytes of text, the most one visitor "
            f"may store (it holds {others:,}). Delete something first. {reset_hint()}"
        )
