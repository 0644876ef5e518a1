"""The kinds of document the site renders, each checked against its front matter schema."""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .rendering import ContentError, Rendered

# 306 was used by an old draft and is reserved ("Unused"); it is not a member of HTTPStatus.
UNUSED_CODES = {306: "Unused"}


def reason_phrase(code: int) -> str:
    if code in UNUSED_CODES:
        return UNUSED_CODES[code]
    return HTTPStatus(code).phrase


def is_known_code(code: int) -> bool:
    return code in UNUSED_CODES or code in HTTPStatus._value2member_map_


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
