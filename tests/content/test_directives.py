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


def normalized(function: ast.FunctionDef) -> str:
    """The code without its name, comments or layout: under another name, only the same code
    counts as a copy (short views of a few lines look alike by chance)."""
    function.name = "_"
    return ast.unparse(function)


def close(shown: ast.FunctionDef, source: str) -> bool:
    (defined,) = ast.parse(source).body
    return normalized(shown) == normalized(defined)


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
        shown = ast.get_source_segment(code, node)
        if not sources:
            # Another name, the same code: a demo copied under a new name is a copy too.
            copy = ast.parse(textwrap.dedent(shown or "")).body
            if copy and any(close(copy[0], source) for named in demos.values() for source in named):
                problems.append(f"{node.name}: a copy of a demo function; use '::: source'")
            continue
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
    renamed = copy.replace("def my_view(", "def my_other_view(")
    assert retyped(renamed, marked=False, demos=demos)


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


# --- Sentences that say what a demo answers -------------------------------------------------

# Headers a sentence may say a demo's answer carries; each must be one its preset checks.
NAMED_HEADERS = {
    "Allow", "Cache-Control", "Content-Type", "ETag", "Last-Modified", "Location", "RateLimit",
    "RateLimit-Policy", "Retry-After", "WWW-Authenticate",
}  # fmt: skip
REFERENCE = re.compile(r'\{\{ preset ([a-z0-9-]+) "([^"]+)" \}\}')
# "the demo answers 403", "this panel sends a 401", "its 301 carries": a claim about a live answer.
CLAIM = re.compile(
    r"\b(demo|demos|panel|panels)\b[^.]*\b(answers?|sends?|gets?|returns?|carries|comes back)\b"
    r"[^.]*\b[1-5]\d\d\b"
)
HEADER_MENTION = re.compile(r"`([A-Za-z-]+)(?:: ([^`]+))?`")


def prose_sentences(text: str):
    """(sentence) of a lesson's prose: no front matter, no code blocks, no directive lines."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    body = re.sub(r"^```.*?^```", "", body, flags=re.MULTILINE | re.DOTALL)
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.) )", body):
        if paragraph.lstrip().startswith(":::"):
            continue
        flat = " ".join(paragraph.split())
        yield from re.split(r"(?<=[.!?])\s+(?=[A-Z*(`])", flat)


def lesson_texts():
    return [(path.relative_to(LESSONS), path.read_text()) for path in sorted(LESSONS.rglob("*.md"))]


def sentence_problems(sentence: str, panels: set[str]) -> list[str]:
    from tutorial.content.tryit import preset_named

    references = REFERENCE.findall(sentence)
    if not references:
        # A lesson without panels (a code page) speaks of demos in general, not of one answer.
        claim = panels and CLAIM.search(sentence)
        return ["says what a demo answers without a preset reference"] if claim else []
    problems = []
    presets = []
    for demo_id, name in references:
        if demo_id not in panels:
            problems.append(f"refers to {demo_id!r}, whose panel is not in this lesson")
        presets.append(preset_named(demo_id, name))
    for header, value in HEADER_MENTION.findall(sentence):
        if header not in NAMED_HEADERS:
            continue
        expected = [p.expect_headers.get(header) for p in presets if header in p.expect_headers]
        if not expected:
            problems.append(f"names {header} but no preset it refers to checks it")
        elif value and not any(e == value or (e and "{" in e) for e in expected):
            problems.append(f"says {header}: {value}, the preset checks {expected}")
    return problems


def test_every_sentence_about_a_demo_answer_is_tied_to_a_checked_preset():
    problems = []
    for path, text in lesson_texts():
        panels = set(re.findall(r"^::: try ([a-z0-9-]+)\s*$", text, re.MULTILINE))
        for sentence in prose_sentences(text):
            problems += [
                f"{path}: {p}: {sentence[:90]}" for p in sentence_problems(sentence, panels)
            ]
    assert problems == []


def test_the_sentence_check_catches_untied_claims_and_unchecked_headers():
    panels = {"permanent-redirect"}
    assert sentence_problems("The demo answers 301 with a Location.", panels)
    ref = '{{ preset permanent-redirect "GET it" }}'
    assert sentence_problems(f"It answers {ref} with `Cache-Control: max-age=300`.", panels) == []
    assert sentence_problems(f"It answers {ref} with `Cache-Control: no-store`.", panels)
    assert sentence_problems(f"It answers {ref} with `Retry-After`.", panels)
    assert sentence_problems(f"It answers {ref}.", set())  # its panel is elsewhere


def test_a_preset_reference_renders_the_status_the_catalog_documents():
    html = render_lesson_text('As a guest it answers {{ preset protected-view "As a guest" }}.')
    assert '<a href="#try-protected-view">302 Found</a>' in html


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ('{{ preset no-such-demo "GET it" }}', "unknown demo id"),
        ('{{ preset my-view "No such preset" }}', "has no preset"),
    ],
)
def test_a_bad_preset_reference_fails_rendering(reference, message):
    with pytest.raises(ContentError, match=message):
        render_lesson_text(f"It answers {reference}.")
