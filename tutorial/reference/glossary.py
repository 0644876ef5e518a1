"""The headers glossary: lessons/guides/headers.yaml, and which code pages name each header."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from tutorial.content.documents import CodePage
from tutorial.content.rendering import ContentError

SENT_IN = {"request": "Request", "response": "Response", "both": "Request and response"}


@dataclass(frozen=True)
class Header:
    name: str
    sent_in: str
    carries: str
    example: str
    spec: str
    section: str = ""
    explicit_url: str = ""

    @property
    def anchor(self) -> str:
        """The id of its glossary entry: Retry-After -> retry-after."""
        return header_anchor(self.name)

    @property
    def sent_in_label(self) -> str:
        return SENT_IN[self.sent_in]

    @property
    def spec_url(self) -> str:
        if self.explicit_url:
            return self.explicit_url
        number = self.spec.removeprefix("RFC ").strip()
        url = f"https://www.rfc-editor.org/rfc/rfc{number}"
        return f"{url}#section-{self.section}" if self.section else url


def header_anchor(name: str) -> str:
    return name.strip().lower()


def glossary_path() -> Path:
    return settings.LESSONS_DIR / "guides" / "headers.yaml"


def _text(entry: dict, key: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"headers.yaml: entry {entry.get('name')!r} needs '{key}' (str)")
    return value


@cache
def _load(path: Path, mtime_ns: int) -> dict[str, Header]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"headers.yaml is not valid YAML: {exc}") from exc
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ContentError("headers.yaml must be a list of entries")
    headers = {}
    for entry in entries:
        header = Header(
            name=_text(entry, "name"),
            sent_in=_text(entry, "sent_in"),
            carries=_text(entry, "carries"),
            example=_text(entry, "example"),
            spec=_text(entry, "spec"),
            section=str(_text(entry, "section", required=False)),
            explicit_url=_text(entry, "spec_url", required=False),
        )
        if header.sent_in not in SENT_IN:
            raise ContentError(f"headers.yaml: {header.name}: 'sent_in' must be one of {SENT_IN}")
        if header.anchor in headers:
            raise ContentError(f"headers.yaml: {header.name} is listed twice")
        headers[header.anchor] = header
    return dict(sorted(headers.items()))


def glossary() -> dict[str, Header]:
    """Every glossary entry keyed by anchor, in alphabetical order.

    Read once; with autoreload (development) read again when the file changes.
    """
    path = glossary_path()
    mtime = path.stat().st_mtime_ns if settings.LESSONS_AUTORELOAD else 0
    return _load(path, mtime)


def codes_by_header(pages: list[CodePage]) -> dict[str, list[CodePage]]:
    """Header anchor -> the code pages that name that header, in code order."""
    used: dict[str, list[CodePage]] = defaultdict(list)
    for page in sorted(pages, key=lambda page: page.code):
        for name in page.headers:
            used[header_anchor(name)].append(page)
    return dict(used)
