"""Markdown -> HTML for lessons and code pages: front matter, Pygments, table of contents."""

from dataclasses import dataclass, field
from typing import Any

import markdown
import yaml

FRONT_MATTER_FENCE = "---"


class ContentError(ValueError):
    """A content file that cannot be rendered: bad front matter or a bad directive."""


@dataclass(frozen=True)
class Rendered:
    meta: dict[str, Any]
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split ``---`` fenced YAML front matter from the markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ContentError("missing front matter: the file must start with a '---' line")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER_FENCE:
            try:
                meta = yaml.safe_load("".join(lines[1:index])) or {}
            except yaml.YAMLError as exc:
                raise ContentError(f"front matter is not valid YAML: {exc}") from exc
            if not isinstance(meta, dict):
                raise ContentError("front matter must be a mapping of keys to values")
            return meta, "".join(lines[index + 1 :])
    raise ContentError("front matter is not closed by a '---' line")


def _toc_entries(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": token["id"],
            "name": token["name"],
            "level": token["level"],
            "children": _toc_entries(token["children"]),
        }
        for token in tokens
    ]


def make_markdown(extra_extensions: list[Any] | None = None) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "fenced_code",
            "tables",
            "sane_lists",
            "codehilite",
            "toc",
            *(extra_extensions or []),
        ],
        extension_configs={
            # Pygments emits CSS classes; the stylesheet is a static file (no inline styles).
            "codehilite": {"css_class": "highlight", "guess_lang": False, "wrapcode": True},
            "toc": {
                "permalink": "#",
                "permalink_class": "anchor",
                "permalink_title": "Link to this section",
                "toc_depth": "2-3",
            },
        },
        output_format="html",
    )


def focusable_code(html: str) -> str:
    """Let keyboard users reach (and scroll) code blocks that are wider than the page."""
    return html.replace('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">')


def render(text: str, extra_extensions: list[Any] | None = None) -> Rendered:
    meta, body = split_front_matter(text)
    md = make_markdown(extra_extensions)
    html = focusable_code(md.convert(body))
    return Rendered(meta=meta, html=html, toc=_toc_entries(md.toc_tokens))
