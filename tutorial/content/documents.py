"""The kinds of document the site renders, each checked against its front matter schema."""

import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .rendering import ContentError, Rendered

# 306 was used by an old draft and is reserved ("Unused"); it is not a member of HTTPStatus.
UNUSED_CODES = {306: "Unused"}
# Registered with IANA but not (yet) members of Python's HTTPStatus: 104 is a temporary
# registration for the resumable uploads Internet-Draft.
TEMPORARY_CODES = {104: "Upload Resumption Supported"}
CODES_NOT_IN_HTTPSTATUS = {**UNUSED_CODES, **TEMPORARY_CODES}


def reason_phrase(code: int) -> str:
    if code in CODES_NOT_IN_HTTPSTATUS:
        return CODES_NOT_IN_HTTPSTATUS[code]
    return HTTPStatus(code).phrase


def is_known_code(code: int) -> bool:
    return code in CODES_NOT_IN_HTTPSTATUS or code in HTTPStatus._value2member_map_


def _require(meta: dict[str, Any], key: str, kind: type) -> Any:
    value = meta.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ContentError(f"front matter needs '{key}' ({kind.__name__})")
    return value


def heading_ids(toc: list[dict[str, Any]]) -> list[str]:
    ids = []
    for entry in toc:
        ids.append(entry["id"])
        ids.extend(heading_ids(entry["children"]))
    return ids


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str
    order: int
    codes: tuple[int, ...]
    html: SafeString
    toc: list[dict[str, Any]]
    code_anchors: dict[int, str]

    @property
    def code_sections(self) -> list[tuple[int, str]]:
        return [(code, self.code_anchors[code]) for code in self.codes]

    @property
    def status_class(self) -> int | None:
        """The class digit (1-5) when every code the lesson covers is in one class."""
        classes = {code // 100 for code in self.codes}
        return classes.pop() if len(classes) == 1 and len(self.codes) > 1 else None


def build_lesson(slug: str, rendered: Rendered) -> Lesson:
    meta = rendered.meta
    codes = _require(meta, "codes", list)
    if not codes or not all(isinstance(code, int) and is_known_code(code) for code in codes):
        raise ContentError("'codes' must list registered status codes, e.g. [404, 405]")
    # Every code a lesson claims to cover needs its own section: "## 404 Not Found".
    ids = heading_ids(rendered.toc)
    anchors = {}
    for code in codes:
        match = next((id_ for id_ in ids if id_.startswith(f"{code}-")), None)
        if match is None:
            raise ContentError(
                f"no heading for {code} (expected '## {code} {reason_phrase(code)}')"
            )
        anchors[code] = match
    return Lesson(
        slug=slug,
        title=_require(meta, "title", str),
        summary=_require(meta, "summary", str),
        order=_require(meta, "order", int),
        codes=tuple(codes),
        html=mark_safe(rendered.html),  # our own markdown files; they use no raw HTML
        toc=rendered.toc,
        code_anchors=anchors,
    )


# Where a code stands in the IANA HTTP Status Code Registry.
REGISTRY_STATUSES = frozenset({"standard", "deprecated", "unused", "experimental", "temporary"})
# A lesson reference: "client-errors" or "client-errors#404-not-found".
LESSON_REF_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(?:#[a-z0-9][a-z0-9-]*)?$")


@dataclass(frozen=True)
class CodePage:
    """One status code's reference page: lessons/codes/<code>.md."""

    code: int
    phrase: str
    former_names: tuple[str, ...]
    spec: str
    section: str
    spec_url: str
    registry: str
    summary: str
    headers: tuple[str, ...]
    django: str
    related: tuple[int, ...]
    lesson: str | None
    html: SafeString
    toc: list[dict[str, Any]]
    # Extra words the index filter finds the page by ("redirect", "webdav"); not shown.
    keywords: tuple[str, ...] = ()
    # Demo ids to link besides those whose presets answer this code: a demo of an interim
    # response (100) answers with its final status, so the catalog cannot say it shows a 100.
    demos: tuple[str, ...] = ()

    @property
    def status_class(self) -> int:
        """The class digit: 413 -> 4."""
        return self.code // 100

    @property
    def class_range(self) -> str:
        return f"{self.status_class}xx"

    @property
    def is_standard(self) -> bool:
        return self.registry == "standard"

    @property
    def lesson_slug(self) -> str | None:
        return self.lesson.partition("#")[0] if self.lesson else None

    @property
    def lesson_anchor(self) -> str | None:
        return (self.lesson.partition("#")[2] or None) if self.lesson else None


def _require_str_list(meta: dict[str, Any], key: str) -> tuple[str, ...]:
    value = _require(meta, key, list)
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise ContentError(f"'{key}' must be a list of non-empty strings")
    return tuple(value)


def _optional_str_list(meta: dict[str, Any], key: str) -> tuple[str, ...]:
    return _require_str_list(meta, key) if key in meta else ()


def _demo_ids(meta: dict[str, Any]) -> tuple[str, ...]:
    ids = _optional_str_list(meta, "demos")
    # Imported here, as library.py imports the try-it extension: the catalog imports the demo
    # views and their models, and models can only be imported once the app registry is ready.
    from tutorial.demos.catalog import get_demo

    for demo_id in ids:
        try:
            get_demo(demo_id)
        except KeyError:
            raise ContentError(f"'demos' lists {demo_id!r}, which is not a demo id") from None
    return ids


def build_code_page(slug: str, rendered: Rendered) -> CodePage:
    meta = rendered.meta
    code = _require(meta, "code", int)
    if slug != str(code):
        raise ContentError(f"'code: {code}' does not match the file name ({slug}.md)")
    if not is_known_code(code):
        raise ContentError(f"{code} is not a registered status code")
    phrase = _require(meta, "phrase", str)
    if phrase != reason_phrase(code):
        raise ContentError(f"phrase {phrase!r} should be {reason_phrase(code)!r}")
    registry = _require(meta, "registry", str)
    if registry not in REGISTRY_STATUSES:
        raise ContentError(f"'registry' must be one of {', '.join(sorted(REGISTRY_STATUSES))}")
    if code in UNUSED_CODES and registry != "unused":
        raise ContentError(f"{code} is reserved and unused: 'registry' must be 'unused'")
    if (code in TEMPORARY_CODES) != (registry == "temporary"):
        raise ContentError(f"{code}: 'registry: temporary' is for {sorted(TEMPORARY_CODES)} only")
    related = _require(meta, "related", list)
    for other in related:
        if not isinstance(other, int) or isinstance(other, bool) or not is_known_code(other):
            raise ContentError(f"'related' lists {other!r}, which is not a registered code")
        if other == code:
            raise ContentError(f"'related' lists the page's own code {code}")
    lesson = meta.get("lesson")
    if lesson is not None and not (isinstance(lesson, str) and LESSON_REF_RE.match(lesson)):
        raise ContentError("'lesson' must be a lesson slug, optionally with '#anchor'")
    spec_url = _require(meta, "spec_url", str)
    if not spec_url.startswith("https://"):
        raise ContentError("'spec_url' must be an https:// URL")
    return CodePage(
        code=code,
        phrase=phrase,
        former_names=_require_str_list(meta, "former_names"),
        spec=_require(meta, "spec", str),
        section=_require(meta, "section", str),
        spec_url=spec_url,
        registry=registry,
        summary=_require(meta, "summary", str),
        headers=_require_str_list(meta, "headers"),
        django=_require(meta, "django", str),
        related=tuple(related),
        lesson=lesson,
        html=mark_safe(rendered.html),  # our own markdown files; they use no raw HTML
        toc=rendered.toc,
        keywords=_optional_str_list(meta, "keywords"),
        demos=_demo_ids(meta),
    )
