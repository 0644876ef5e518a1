"""Markdown -> HTML for lessons and code pages: front matter, Pygments, table of contents."""

import re
from dataclasses import dataclass, field
from typing import Any

import markdown
import yaml
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

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


HTTP_FENCE = re.compile(r"^(?P<fence>```|~~~)\s*http\s*$")
# A request line (RFC 9112 §3) or a status line (§4): where a new message starts.
START_LINE = re.compile(r"^(?:[A-Z][A-Z-]* \S+ HTTP/\d(?:\.\d)?|HTTP/\d(?:\.\d)? \d{3}\b.*)$")


def split_messages(lines: list[str]) -> list[list[str]]:
    """The lines of one http block, as one list per message (request, then response...)."""
    messages: list[list[str]] = []
    for line in lines:
        if not messages or (START_LINE.match(line) and any(part.strip() for part in messages[-1])):
            messages.append([])
        messages[-1].append(line)
    for message in messages:
        while message and not message[-1].strip():
            message.pop()
    return [message for message in messages if message]


class HttpMessagesPreprocessor(Preprocessor):
    """Split an ```http block holding a request and its response into one block per message.

    Pygments' HttpLexer lexes everything after the first message's head as that message's body
    (with the lexer its Content-Type names), so a response following a request body came out
    coloured as JSON or as errors. One message per block, each is lexed as HTTP.
    """

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        index = 0
        while index < len(lines):
            opening = HTTP_FENCE.match(lines[index])
            end = index + 1
            if opening:
                fence = opening["fence"]
                while end < len(lines) and lines[end].strip() != fence:
                    end += 1
            if not opening or end >= len(lines):
                output.append(lines[index])
                index += 1
                continue
            for number, message in enumerate(split_messages(lines[index + 1 : end])):
                if number:
                    output.append("")
                output.extend([lines[index], *message, fence])
            index = end + 1
        return output


class HttpMessagesExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # Before fenced_code (25), which turns the blocks into placeholders.
        md.preprocessors.register(HttpMessagesPreprocessor(md), "http_messages", 30)


def make_markdown(extra_extensions: list[Any] | None = None) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "fenced_code",
            "tables",
            "sane_lists",
            "codehilite",
            "toc",
            HttpMessagesExtension(),
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
