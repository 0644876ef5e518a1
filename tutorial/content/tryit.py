"""The try-it directive: a line ``::: try <demo-id>`` in a lesson becomes a live console panel.

The panel shows the demo view's real source (the code that will answer), its presets, and an
editable request form. An unknown demo id is a render error, never an empty panel.
"""

import inspect
import re
import textwrap
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from markdown import Extension
from markdown.preprocessors import Preprocessor
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from tutorial.demos.catalog import get_demo

from .rendering import ContentError, focusable_code

DIRECTIVE = re.compile(r"^::: try ([a-z0-9-]+)\s*$")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def source_of(function) -> tuple[str, str]:
    """(relative file name, highlighted HTML) of a function's real source, decorators included."""
    function = inspect.unwrap(function)
    code = textwrap.dedent(inspect.getsource(function))
    path = Path(inspect.getsourcefile(function)).resolve()
    html = focusable_code(
        highlight(code, PythonLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True))
    )
    return str(path.relative_to(settings.BASE_DIR)), html


def render_panel(demo_id: str) -> str:
    try:
        demo = get_demo(demo_id)
    except KeyError:
        raise ContentError(f"unknown demo id {demo_id!r} in a '::: try' directive") from None
    sources = [source_of(function) for function in demo.shown_source]
    return render_to_string(
        "demos/panel.html",
        {
            "demo": demo,
            "sources": sources,
            "first": demo.presets[0],
            "methods": METHODS,
        },
    )


class TryItPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        output = []
        for line in lines:
            match = DIRECTIVE.match(line)
            if match:
                placeholder = self.md.htmlStash.store(render_panel(match.group(1)))
                output.extend(["", placeholder, ""])
            else:
                output.append(line)
        return output


class TryItExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After fenced_code (25): a directive inside a code sample stays text.
        md.preprocessors.register(TryItPreprocessor(md), "tryit", 15)
