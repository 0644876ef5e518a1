"""The lesson directives that come from the demos: code a lesson shows is the code that runs.

``::: source views_x.function`` renders a demo function's real source. A fenced python block that
defines a function with a demo function's name (or its ``_fixed`` twin) is a retyped demo unless
it says it is not (an HTML comment ``<!-- not the demo: why -->`` on the line before the fence)
and really differs from it: a retyped copy goes stale the day the demo changes.
"""

import ast
import difflib
import importlib
import inspect
import re
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from tutorial.content.rendering import ContentError, render
from tutorial.content.tryit import TryItExtension

LESSONS = Path(settings.BASE_DIR) / "lessons"
FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
NOT_THE_DEMO = re.compile(r"<!-- not the demo: \S.* -->\s*$")
SIMILAR = 0.75  # a variant this close to the demo is a copy: render it from the demo instead


def render_lesson_text(body: str) -> str:
    return render(f"---\ntitle: x\n---\n\n{body}\n", [TryItExtension()]).html


def demo_functions() -> dict[str, list[str]]:
    """Function name -> the sources of the demo functions of that name (views modules)."""
    found: dict[str, list[str]] = {}
    for path in sorted((Path(settings.BASE_DIR) / "tutorial" / "demos").glob("views_*.py")):
        module = importlib.import_module(f"tutorial.demos.{path.stem}")
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__:
                found.setdefault(name, []).append(textwrap.dedent(inspect.getsource(value)))
    return found


def python_blocks():
    for path in sorted(LESSONS.rglob("*.md")):
        text = path.read_text()
        for match in FENCE.finditer(text):
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(LESSONS)}:{line}", match.group(1), before


def retyped(code: str, marked: bool, demos: dict[str, list[str]]) -> list[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        name = node.name.removesuffix("_fixed")
        sources = demos.get(name, []) + demos.get(f"{name}_fixed", [])
        if not sources:
            continue
        shown = ast.get_source_segment(code, node)
        closeness = max(difflib.SequenceMatcher(None, shown, source).ratio() for source in sources)
        if not marked:
            problems.append(f"{node.name}: shows a demo function; use '::: source'")
        elif closeness >= SIMILAR:
            problems.append(f"{node.name}: {closeness:.0%} like the demo; use '::: source'")
    return problems


def test_no_lesson_retypes_a_demo_function():
    demos = demo_functions()
    problems = [
        f"{where} {problem}"
        for where, code, before in python_blocks()
        for problem in retyped(code, bool(NOT_THE_DEMO.search(before)), demos)
    ]
    assert problems == []


def test_the_guard_catches_a_retyped_demo_and_lets_a_marked_variant_through():
    demos = demo_functions()
    copy = textwrap.dedent(
        inspect.getsource(importlib.import_module("tutorial.demos.views_success").my_view)
    )
    assert retyped(copy, marked=False, demos=demos)
    assert retyped(copy, marked=True, demos=demos)  # marking a copy does not make it a variant
    variant = "def my_view(request):\n    return render(request, 'home.html')\n"
    assert retyped(variant, marked=False, demos=demos)
    assert retyped(variant, marked=True, demos=demos) == []
    assert retyped("def unrelated(request):\n    pass\n", marked=False, demos=demos) == []


def test_a_source_directive_renders_the_code_that_runs():
    html = render_lesson_text("::: source views_success.my_view views_success.default_success")
    assert "tutorial/demos/views_success.py" in html
    assert '<span class="nf">my_view</span>' in html
    assert '<span class="nf">default_success</span>' in html
    assert html.index(">my_view<") < html.index(">default_success<")


def test_a_source_directive_shows_the_decorators_the_view_runs_with():
    html = render_lesson_text("::: source views_success.create_article_fixed")
    assert "capped" in html and "require_POST" in html


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("::: source views_success.no_such_view", "no function or class"),
        ("::: source no_such_module.view", "no module"),
        ("::: source views_success.reverse", "imported there"),
        ("::: source views_success.my_view views_rest.list_products", "more than one file"),
        ("::: sauce views_success.my_view", "unknown directive"),
    ],
)
def test_a_bad_source_directive_fails_rendering(line, message):
    with pytest.raises(ContentError, match=message):
        render_lesson_text(line)


def test_a_source_directive_inside_a_code_sample_stays_text():
    html = render_lesson_text("```text\n::: source views_success.my_view\n```")
    assert "::: source views_success.my_view" in html
    assert "demo-source" not in html


def test_a_source_directive_can_show_a_whole_module():
    html = render_lesson_text("::: source views_rest")
    assert "tutorial/demos/views_rest.py" in html
    assert '<span class="nf">product_detail</span>' in html
    assert "require_http_methods" in html  # its imports too
