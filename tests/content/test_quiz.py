"""The ```quiz blocks: every class lesson ends with a well-formed quiz, rendered accessibly."""

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from tutorial.content.documents import build_lesson
from tutorial.content.library import get_lesson, lesson_store
from tutorial.content.quiz import QuizExtension
from tutorial.content.rendering import ContentError, render
from tutorial.content.store import ContentStore
from tutorial.pages.classes import STATUS_CLASSES

CLASS_LESSONS = ["informational", "success", "redirection", "client-errors", "server-errors"]
QUIZ_BLOCK = re.compile(r"^```quiz (?P<id>\S+)\n(?P<yaml>.*?)^```\n", re.MULTILINE | re.DOTALL)
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list["Node | str"] = field(default_factory=list)  # elements and text, in order

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Node"]:
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items()
            ):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    def all_text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.all_text() for child in self.children
        )


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def quiz_source(slug: str) -> tuple[str, re.Match[str]]:
    text = (settings.LESSONS_DIR / f"{slug}.md").read_text(encoding="utf-8")
    blocks = list(QUIZ_BLOCK.finditer(text))
    assert len(blocks) == 1
    return text, blocks[0]


def render_quiz(body: str) -> str:
    return render(f"---\ntitle: T\n---\n\n{body}", [QuizExtension()]).html


GOOD_QUESTION = """\
- q: "Which code says a resource was created?"
  choices:
    - text: "201 Created"
      correct: true
      why: "RFC 9110 §15.3.2."
    - text: "`200 OK`"
      why: "Nothing says anything was created."
"""


def test_the_class_lessons_are_the_ones_on_the_home_page():
    assert [cls.lesson for cls in STATUS_CLASSES] == CLASS_LESSONS


@pytest.mark.parametrize("slug", CLASS_LESSONS)
def test_each_class_lesson_ends_with_its_quiz(slug):
    text, block = quiz_source(slug)
    assert block.group("id") == slug
    # The quiz is the last thing in the file, under the lesson's last heading.
    assert text[block.end() :].strip() == ""
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[-1] == "Check yourself"
    assert text.rindex("## Check yourself") < block.start()


@pytest.mark.parametrize("slug", CLASS_LESSONS)
def test_each_quiz_has_five_or_more_well_formed_questions(slug):
    _, block = quiz_source(slug)
    questions = yaml.safe_load(block.group("yaml"))
    assert len(questions) >= 5
    for question in questions:
        assert set(question) == {"q", "choices"}
        assert question["q"].strip()
        assert 3 <= len(question["choices"]) <= 4
        for choice in question["choices"]:
            assert set(choice) in ({"text", "why"}, {"text", "why", "correct"})
            assert choice["text"].strip()
            assert len(choice["why"].strip()) > 20
            assert choice.get("correct", False) in (True, False)
        assert sum(choice.get("correct", False) for choice in question["choices"]) >= 1


@pytest.mark.parametrize("slug", CLASS_LESSONS)
def test_the_rendered_quiz_matches_its_source(slug):
    _, block = quiz_source(slug)
    questions = yaml.safe_load(block.group("yaml"))
    [section] = parse(get_lesson(slug).html).find_all("section", data_quiz=slug)
    assert section.attrs["id"] == f"quiz-{slug}"
    fieldsets = section.find_all("fieldset")
    assert len(fieldsets) == len(questions)
    for fieldset, question in zip(fieldsets, questions, strict=True):
        [legend] = fieldset.find_all("legend")
        elements = [child for child in fieldset.children if isinstance(child, Node)]
        assert elements[0] is legend  # the legend is the fieldset's first child
        assert question["q"].replace("`", "") in " ".join(legend.all_text().split())
        inputs = fieldset.find_all("input")
        assert len(inputs) == len(question["choices"])
        assert {radio.attrs["type"] for radio in inputs} == {"radio"}
        assert len({radio.attrs["name"] for radio in inputs}) == 1
        correct = [radio for radio in inputs if "data-correct" in radio.attrs]
        expected = [choice for choice in question["choices"] if choice.get("correct")]
        assert len(correct) == len(expected)
        # One hidden explanation per choice, and a "Show answers" disclosure for readers
        # without JavaScript; the button is shown by quiz.js.
        whys = [node for node in fieldset.find_all("p") if node.has_class("quiz-why")]
        assert [why.attrs["id"] for why in whys] == [f"{radio.attrs['id']}-why" for radio in inputs]
        assert all("hidden" in why.attrs for why in whys)
        [details] = fieldset.find_all("details")
        assert details.find_all("summary")[0].all_text() == "Show answers"
        assert len(details.find_all("li")) == len(question["choices"])
        [button] = fieldset.find_all("button")
        assert button.attrs["type"] == "button"
        assert button.all_text() == "Check answer"
    [result] = [node for node in section.find_all("p") if node.has_class("quiz-result")]
    assert result.attrs["aria-live"] == "polite"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", CLASS_LESSONS)
def test_labels_are_tied_to_inputs_and_ids_are_unique_on_the_page(client, slug):
    response = client.get(reverse("pages:lesson", args=[slug]))
    assert response.status_code == HTTPStatus.OK
    page = parse(response.content.decode())
    ids = Counter(node.attrs["id"] for node in page.find_all() if "id" in node.attrs)
    assert [id_ for id_, count in ids.items() if count > 1] == []
    [section] = page.find_all("section", data_quiz=slug)
    radios = section.find_all("input", type="radio")
    labels = {label.attrs["for"]: label for label in section.find_all("label")}
    assert len(radios) >= 15
    for radio in radios:
        assert labels[radio.attrs["id"]].all_text().strip()
    assert set(labels) == {radio.attrs["id"] for radio in radios}


def test_pages_without_a_quiz_block_render_no_quiz():
    assert 'class="quiz"' not in get_lesson("rest-apis").html


def test_a_valid_quiz_renders_escaped_text_and_code_spans():
    html = render_quiz(f"```quiz sample\n{GOOD_QUESTION}```\n")
    assert 'data-quiz="sample"' in html
    assert '<label for="quiz-sample-q1-c2"><code>200 OK</code></label>' in html
    assert 'id="quiz-sample-q1-c1" value="1" data-correct>' in html
    assert "data-correct" not in html.split('id="quiz-sample-q1-c2"')[1].split(">")[0]


FOUR_CHOICES = """\
- q: "Which one?"
  choices:
    - text: "A"
      correct: true
      why: "The first as written."
    - text: "B"
      why: "The second as written."
    - text: "C"
      why: "The third as written."
    - text: "D"
      why: "The fourth as written."
"""


def shown_texts(html: str) -> list[str]:
    return re.findall(r'<label for="quiz-sample-q1-c\d">(\w)</label>', html)


def test_choices_are_shown_in_an_order_fixed_by_the_question_text():
    html = render_quiz(fenced(FOUR_CHOICES))
    # The order comes from a hash of the question's text, the same in every process (a seed
    # from Python's per-process hash() would change it between workers and restarts).
    assert shown_texts(html) == ["C", "D", "B", "A"]
    assert 'id="quiz-sample-q1-c4" value="4" data-correct>' in html
    assert render_quiz(fenced(FOUR_CHOICES)) == html
    other = render_quiz(fenced(FOUR_CHOICES.replace("Which one?", "Which two?")))
    assert shown_texts(other) == ["D", "C", "B", "A"]


def all_lesson_questions():
    return [
        question
        for lesson in lesson_store().all()
        for section in parse(lesson.html).find_all("section")
        if "data-quiz" in section.attrs
        for question in section.find_all("fieldset")
    ]


def test_no_choice_position_holds_the_right_answer_in_more_than_half_the_questions():
    questions = all_lesson_questions()
    assert len(questions) >= 30
    positions = Counter()
    for question in questions:
        radios = question.find_all("input", type="radio")
        positions.update(i for i, radio in enumerate(radios) if "data-correct" in radio.attrs)
    assert max(positions.values()) <= len(questions) / 2, positions


def test_markup_in_quiz_text_is_escaped():
    html = render_quiz(f"```quiz sample\n{GOOD_QUESTION.replace('201 Created', '<b>201</b>')}```\n")
    assert "<b>" not in html
    assert "&lt;b&gt;201&lt;/b&gt;" in html


def test_a_quiz_fence_inside_another_fence_stays_code():
    html = render_quiz(f"````text\n```quiz sample\n{GOOD_QUESTION}```\n````\n")
    assert 'class="quiz"' not in html
    assert "```quiz sample" in html


def fenced(yaml_text: str, quiz_id: str = "sample") -> str:
    return f"```quiz {quiz_id}\n{yaml_text}```\n"


def replaced(old: str, new: str) -> str:
    assert old in GOOD_QUESTION
    return fenced(GOOD_QUESTION.replace(old, new))


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (f"```quiz\n{GOOD_QUESTION}```\n", "needs an id"),
        (fenced(GOOD_QUESTION, "Bad_Id"), "lowercase letters"),
        (fenced(GOOD_QUESTION, "two words"), "lowercase letters"),
        (f"```quiz sample\n{GOOD_QUESTION}", "not closed"),
        (fenced("- q: [unclosed\n"), "not valid YAML"),
        (fenced("q: not a list\n"), "must be a list of questions"),
        (fenced(""), "must be a list of questions"),
        (fenced("- just text\n"), "question 1 must be a mapping"),
        (replaced("- q:", "- question:"), "question 1 has unknown keys: question"),
        (replaced('q: "Which', 'q: ""\n  x: "Which'), "unknown keys: x"),
        (replaced('q: "Which code says a resource was created?"', "q: 42"), "needs 'q'"),
        (
            fenced(
                '- q: "Why?"\n  choices:\n    - text: "A"\n      correct: true\n      why: "B"\n'
            ),
            "a list of 2-6 items",
        ),
        (replaced("correct: true", "correct: false"), "no correct choice"),
        (
            replaced('    - text: "`200 OK`"\n', '    - text: "`200 OK`"\n      correct: true\n'),
            "no wrong choice",
        ),
        (replaced('      why: "RFC 9110 §15.3.2."\n', ""), "question 1, choice 1 needs 'why'"),
        (
            replaced('why: "Nothing says anything was created."', 'why: "  "'),
            "choice 2 needs 'why'",
        ),
        (
            replaced('      why: "Nothing', '      x: 1\n      why: "Nothing'),
            "choice 2 has unknown keys: x",
        ),
        (replaced("correct: true", 'correct: "yes"'), "'correct' must be true or false"),
        (replaced("`200 OK`", "201 Created"), "lists the same choice twice"),
        (fenced(GOOD_QUESTION) + "\n" + fenced(GOOD_QUESTION), "used twice"),
    ],
)
def test_a_bad_quiz_is_a_clear_content_error(block, message):
    with pytest.raises(ContentError, match=message):
        render_quiz(block)


def test_a_bad_quiz_in_a_lesson_file_names_the_file(tmp_path):
    """Lessons are rendered with the quiz extension, and its errors say which file is wrong."""
    bad = GOOD_QUESTION.replace("correct: true", "correct: false")
    (tmp_path / "bad.md").write_text(
        "---\ntitle: Bad\nsummary: S.\norder: 1\ncodes: [201]\n---\n\n## 201 Created\n\n"
        f"## Check yourself\n\n{fenced(bad, 'bad')}"
    )
    store = ContentStore(tmp_path, build_lesson, extensions=lesson_store().extensions)
    with pytest.raises(ContentError, match=r"^bad\.md: quiz 'bad', question 1 has no correct"):
        store.get("bad")
