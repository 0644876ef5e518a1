"""The lesson directives that come from the demos, so a lesson never retypes a demo.

``::: try <demo-id>`` becomes a live console panel: the demo view's real source (the code that
will answer), its presets, and an editable request form. ``::: source <module>.<function> ...``
becomes a code block rendered from the functions named (modules of ``tutorial.demos``), so code a
lesson shows is the code that runs. An unknown demo id or function is a render error, never an
empty panel.
"""

import importlib
import inspect
import re
import textwrap
from http import HTTPStatus
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
SOURCE_DIRECTIVE = re.compile(
    r"^::: source( +[a-z_][a-z0-9_]*|(?: +[a-z_][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*)+)\s*$"
)
SOURCE_PACKAGE = "tutorial.demos"
# {{ preset <demo-id> "<preset name>" }} in a sentence: the status that preset answers, from the
# catalog, linked to the demo's panel. The catalog test sends the preset and checks that status
# and the headers the preset names (expect_headers); tests/content/test_directives.py checks that
# a sentence naming a header names one its preset checks.
PRESET_REFERENCE = re.compile(r'\{\{ preset ([a-z0-9-]+) "([^"]+)" \}\}')
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def source_of(function) -> tuple[str, str]:
    """(relative file name, highlighted HTML) of a function's (or class's) real source,
    decorators included."""
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


def demo_module(module_name: str):
    try:
        return importlib.import_module(f"{SOURCE_PACKAGE}.{module_name}")
    except ImportError:
        raise ContentError(f"no module {module_name!r} in a '::: source' directive") from None


def demo_function(name: str):
    """The function ``<module>.<function>`` of tutorial.demos; ContentError for anything else."""
    module_name, _, function_name = name.partition(".")
    module = demo_module(module_name)
    function = getattr(module, function_name, None)
    if function is None or not (
        inspect.isfunction(inspect.unwrap(function)) or inspect.isclass(function)
    ):
        raise ContentError(f"no function or class {name!r} in a '::: source' directive")
    if inspect.getmodule(inspect.unwrap(function)) is not module:
        raise ContentError(f"{name!r} is imported there, not defined: name where it is defined")
    return function


def render_source(names: list[str]) -> str:
    """One code block for the functions named, in that order, from the file they are in; or a
    whole module's code for a name without a dot."""
    if len(names) == 1 and "." not in names[0]:
        functions = [demo_module(names[0])]
    else:
        functions = [inspect.unwrap(demo_function(name)) for name in names]
    files = {inspect.getsourcefile(function) for function in functions}
    if len(files) != 1:
        raise ContentError(f"'::: source {' '.join(names)}' names more than one file")
    code = "\n\n".join(textwrap.dedent(inspect.getsource(function)) for function in functions)
    path = Path(files.pop()).resolve()
    html = focusable_code(
        highlight(code, PythonLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True))
    )
    return render_to_string(
        "demos/source.html", {"filename": str(path.relative_to(settings.BASE_DIR)), "html": html}
    )


def preset_named(demo_id: str, name: str):
    try:
        demo = get_demo(demo_id)
    except KeyError:
        raise ContentError(f"unknown demo id {demo_id!r} in a preset reference") from None
    for preset in demo.presets:
        if preset.name == name:
            return preset
    raise ContentError(f"demo {demo_id!r} has no preset {name!r}")


def preset_reference(match: re.Match) -> str:
    preset = preset_named(match.group(1), match.group(2))
    status = HTTPStatus(preset.status)
    return f"[{status.value} {status.phrase}](#try-{match.group(1)})"


class TryItPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        output = []
        for line in lines:
            match = DIRECTIVE.match(line)
            source = SOURCE_DIRECTIVE.match(line)
            if match:
                placeholder = self.md.htmlStash.store(render_panel(match.group(1)))
                output.extend(["", placeholder, ""])
            elif source:
                placeholder = self.md.htmlStash.store(render_source(source.group(1).split()))
                output.extend(["", placeholder, ""])
            elif line.startswith("::: "):
                raise ContentError(f"unknown directive {line!r}")
            else:
                output.append(PRESET_REFERENCE.sub(preset_reference, line))
        return output


class TryItExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After fenced_code (25): a directive inside a code sample stays text.
        md.preprocessors.register(TryItPreprocessor(md), "tryit", 15)
