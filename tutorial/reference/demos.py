"""Which live demos a code page links to: the demo catalog joined with the lessons that embed them.

A demo is reachable only as a try-it panel in a lesson (``::: try <demo-id>``), so a link goes to
the panel itself: ``/lessons/<slug>/#try-<demo-id>``. A code page links the demos that can answer
with its code, meaning one of their presets does (a demo that merely lists a status it never shows
would send the reader to a console that cannot produce it). Where some of those demos sit in a
lesson's own section for the code (``## 404 Not Found``), only those are linked: every other demo
also answers 200 on its happy path, and the 200 page should point at the demos about 200.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from tutorial.content.documents import CodePage, Lesson
from tutorial.content.library import code_pages, lessons
from tutorial.demos.catalog import Demo, all_demos

# A heading (python-markdown's toc extension gives each one an id) or a try-it panel, in page
# order. The panel's id and data-demo come from templates/demos/panel.html.
_LANDMARK = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<heading>[^"]+)"'
    r'|<section class="tryit" id="(?P<panel>[^"]+)" data-demo="(?P<demo>[a-z0-9-]+)"'
)
# The id of a section about one status code: "404-not-found", "429-too-many-requests".
_CODE_HEADING = re.compile(r"^(\d{3})-")


@dataclass(frozen=True)
class Placement:
    """Where a demo's panel is: the lesson, the panel's id, and the codes whose sections hold it."""

    lesson: Lesson
    anchor: str
    sections: frozenset[int]


@dataclass(frozen=True)
class DemoLink:
    id: str
    title: str
    url: str
    lesson_title: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "url": self.url}


def placements(all_lessons: Iterable[Lesson]) -> dict[str, Placement]:
    """Demo id -> where its panel is, in the first lesson (in teaching order) that embeds it."""
    found: dict[str, Placement] = {}
    for lesson in all_lessons:
        open_headings: list[tuple[int, str]] = []  # the headings the current position is under
        for match in _LANDMARK.finditer(lesson.html):
            if match["heading"]:
                level = int(match["level"])
                while open_headings and open_headings[-1][0] >= level:
                    open_headings.pop()
                open_headings.append((level, match["heading"]))
            elif match["demo"] not in found:
                codes = {_CODE_HEADING.match(heading) for _, heading in open_headings}
                found[match["demo"]] = Placement(
                    lesson=lesson,
                    anchor=match["panel"],
                    sections=frozenset(int(code[1]) for code in codes if code),
                )
    return found


def _link(demo: Demo, placement: Placement) -> DemoLink:
    url = reverse("pages:lesson", args=[placement.lesson.slug])
    return DemoLink(
        id=demo.id,
        title=demo.title,
        url=f"{url}#{placement.anchor}",
        lesson_title=placement.lesson.title,
    )


def build_index(
    demos: Iterable[Demo], where: dict[str, Placement], extra: dict[int, tuple[str, ...]]
) -> dict[int, list[DemoLink]]:
    """Code -> the demos its page links: the ``extra`` ids first, then the demos that answer it."""
    demos = [demo for demo in demos if demo.id in where]  # a demo no lesson embeds has no page
    by_id = {demo.id: demo for demo in demos}
    answering: dict[int, list[Demo]] = defaultdict(list)
    for demo in demos:
        for status in sorted({preset.status for preset in demo.presets}):
            answering[status].append(demo)
    index = {}
    for code in sorted(set(answering) | set(extra)):
        chosen = answering.get(code, [])
        in_section = [demo for demo in chosen if code in where[demo.id].sections]
        ids = [*extra.get(code, ()), *(demo.id for demo in in_section or chosen)]
        unique = [by_id[demo_id] for demo_id in dict.fromkeys(ids) if demo_id in by_id]
        index[code] = [_link(demo, where[demo.id]) for demo in unique]
    return index


def demo_index() -> dict[int, list[DemoLink]]:
    """Code -> demo links, from the current lessons and code pages.

    Computed on each call (one regular-expression pass over the rendered lessons: about a
    millisecond in all): the lesson store may re-render a lesson in development, and the code
    pages that show it are kept whole by the page cache, so keeping it would gain nothing.
    """
    extra = {page.code: page.demos for page in code_pages() if page.demos}
    return build_index(all_demos(), placements(lessons()), extra)


def demos_for(page: CodePage) -> list[DemoLink]:
    return demo_index().get(page.code, [])
