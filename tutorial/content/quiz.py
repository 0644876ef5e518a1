"""Self-check quizzes: a fenced ```` ```quiz <id> ```` block of YAML becomes a quiz section.

The block lists questions, each with choices, and every choice explains why it is right or wrong:

    ```quiz success
    - q: "A POST created an order. Which status and header should the response carry?"
      choices:
        - text: "201 Created with a `Location` header naming the new order"
          correct: true
          why: "RFC 9110 §15.3.2: ..."
        - text: "200 OK"
          why: "..."
    ```

The id (the lesson's slug, by convention) is the quiz's stable name: the page's element ids and
the learner's stored progress (static/js/progress.js) are keyed by it. A malformed quiz is a render
error, never a half-empty quiz. Question, choice and explanation text may use `code` spans.

Authors write the right answer wherever they like (usually first); the page shows each question's
choices in an order shuffled by a generator seeded with the question's text, so the right answer
is not always in the same place, and every render of a page is the same bytes (the page cache,
ETags). Choice ids and values follow the shown order.
"""

import hashlib
import random
import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown import Extension
from markdown.preprocessors import Preprocessor

from .rendering import ContentError

QUIZ_OPEN = re.compile(r"^```quiz(?:[ \t]+(?P<id>.*?))?[ \t]*$")
# Any other fence: its lines are copied untouched, so a ```quiz shown inside an example stays text.
OTHER_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
QUIZ_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CODE_SPAN = re.compile(r"`([^`]+)`")
MIN_CHOICES = 2
MAX_CHOICES = 6
QUESTION_KEYS = {"q", "choices"}
CHOICE_KEYS = {"text", "correct", "why"}


@dataclass(frozen=True)
class Choice:
    id: str
    text: SafeString
    why: SafeString
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    text: SafeString
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Quiz:
    id: str
    questions: tuple[Question, ...]


def inline(text: str) -> SafeString:
    """Escape ``text``, keeping `code` spans as <code> (the only markup quiz text may use)."""
    return mark_safe(CODE_SPAN.sub(r"<code>\1</code>", escape(text.strip())))


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where} needs '{key}' (non-empty text)")
    return value


def _choice(raw: Any, where: str, element_id: str) -> Choice:
    if not isinstance(raw, dict):
        raise ContentError(f"{where} must be a mapping with 'text', 'why' and optional 'correct'")
    unknown = set(raw) - CHOICE_KEYS
    if unknown:
        raise ContentError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    correct = raw.get("correct", False)
    if not isinstance(correct, bool):
        raise ContentError(f"{where}: 'correct' must be true or false, not {correct!r}")
    return Choice(
        id=element_id,
        text=inline(_text(raw.get("text"), where, "text")),
        why=inline(_text(raw.get("why"), where, "why")),
        correct=correct,
    )


def shuffled(items: list, seed_text: str) -> list:
    """``items`` in an order that depends only on ``seed_text`` (stable across processes)."""
    seed = int.from_bytes(hashlib.sha256(seed_text.encode("utf-8")).digest()[:8], "big")
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def _question(raw: Any, quiz_id: str, number: int) -> Question:
    where = f"quiz {quiz_id!r}, question {number}"
    if not isinstance(raw, dict):
        raise ContentError(f"{where} must be a mapping with 'q' and 'choices'")
    unknown = set(raw) - QUESTION_KEYS
    if unknown:
        raise ContentError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    text = _text(raw.get("q"), where, "q")
    choices_raw = raw.get("choices")
    if not isinstance(choices_raw, list) or not MIN_CHOICES <= len(choices_raw) <= MAX_CHOICES:
        raise ContentError(f"{where} needs 'choices': a list of {MIN_CHOICES}-{MAX_CHOICES} items")
    question_id = f"quiz-{quiz_id}-q{number}"
    # Shown in a shuffled order; an error still names the choice by its place in the file.
    numbered = shuffled(list(enumerate(choices_raw, start=1)), text)
    choices = tuple(
        _choice(choice, f"{where}, choice {written}", f"{question_id}-c{shown}")
        for shown, (written, choice) in enumerate(numbered, start=1)
    )
    texts = [choice.text for choice in choices]
    if len(set(texts)) != len(texts):
        raise ContentError(f"{where} lists the same choice twice")
    if not any(choice.correct for choice in choices):
        raise ContentError(f"{where} has no correct choice (mark one with 'correct: true')")
    if all(choice.correct for choice in choices):
        raise ContentError(f"{where} has no wrong choice: every choice is marked correct")
    return Question(id=question_id, number=number, text=inline(text), choices=choices)


def parse_quiz(quiz_id: str | None, source: str) -> Quiz:
    """Validate a quiz block's id and YAML; raise ContentError saying what is wrong and where."""
    if quiz_id is None:
        raise ContentError("a quiz needs an id: open it with '```quiz <lesson-slug>'")
    if not QUIZ_ID_RE.match(quiz_id):
        raise ContentError(f"quiz id {quiz_id!r} must be lowercase letters, digits and hyphens")
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise ContentError(f"quiz {quiz_id!r} is not valid YAML: {exc}") from exc
    if not isinstance(data, list) or not data:
        raise ContentError(f"quiz {quiz_id!r} must be a list of questions ('- q: ...')")
    questions = tuple(_question(raw, quiz_id, number) for number, raw in enumerate(data, start=1))
    return Quiz(id=quiz_id, questions=questions)


def render_quiz(quiz: Quiz) -> str:
    return render_to_string("includes/quiz.html", {"quiz": quiz})


class QuizPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        seen: set[str] = set()
        index = 0
        while index < len(lines):
            line = lines[index]
            quiz_open = QUIZ_OPEN.match(line)
            other = None if quiz_open else OTHER_FENCE.match(line)
            if quiz_open:
                quiz_id = quiz_open.group("id")
                end = next(
                    (i for i in range(index + 1, len(lines)) if lines[i].rstrip() == "```"),
                    None,
                )
                if end is None:
                    raise ContentError(f"quiz {quiz_id!r} is not closed by a '```' line")
                quiz = parse_quiz(quiz_id, "\n".join(lines[index + 1 : end]))
                if quiz.id in seen:
                    raise ContentError(f"quiz id {quiz.id!r} is used twice on one page")
                seen.add(quiz.id)
                output.extend(["", self.md.htmlStash.store(render_quiz(quiz)), ""])
                index = end + 1
            elif other:
                fence = other.group("fence")
                closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
                output.append(line)
                index += 1
                while index < len(lines):
                    output.append(lines[index])
                    index += 1
                    if closing.match(output[-1]):
                        break
            else:
                output.append(line)
                index += 1
        return output


class QuizExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # Before fenced_code (25), which would otherwise turn the block into highlighted YAML.
        md.preprocessors.register(QuizPreprocessor(md), "quiz", 26)
