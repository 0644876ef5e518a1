"""The demo catalog's types: one Demo per live demo, with named presets."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from . import terminal

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Preset:
    name: str
    method: str
    path: str
    status: int  # what the server answers to this request, as documented
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    visitor: str | None = None  # "anonymous", "learner" or "staff" when the answer depends on it
    csrf: bool = True  # False: deliberately send no CSRF token
    note: str = ""
    # The name of another preset of the same demo that the documented status assumes was sent
    # first by the same visitor (e.g. "Turn maintenance on" before the GET that answers 503).
    after: str = ""
    # Headers the answer carries, as the lesson says: name -> exact value, "" for "present,
    # any value", None for "absent". The catalog test checks them with the status.
    expect_headers: dict[str, str | None] = field(default_factory=dict)

    def as_json(self) -> dict:
        data = asdict(self)
        data["as"] = data.pop("visitor")
        return data


@dataclass(frozen=True)
class Demo:
    id: str
    # The seed functions it implements (as written, or corrected): one for most demos, several
    # for one URL that dispatches by method (the corrected product item), none for a demo the
    # seed has no code for.
    views: tuple[str, ...]
    title: str
    description: str
    path: str  # with placeholders such as {article}
    methods: tuple[str, ...]
    statuses: tuple[int, ...]
    presets: tuple[Preset, ...]
    handler: Callable  # what the URL resolves to
    source: tuple[Callable, ...] = ()  # what the panel shows; defaults to the handler
    resource: str | None = None  # "article"/"product": a 201 with {"id"} sets that placeholder
    needs_server: bool = False  # works only behind a real HTTP server, not Django's test client

    @property
    def view(self) -> str | None:
        """The seed function, when the demo implements exactly one; else None (see ``views``)."""
        return self.views[0] if len(self.views) == 1 else None

    @property
    def shown_source(self) -> tuple[Callable, ...]:
        return self.source or (self.handler,)

    @property
    def browser_presets(self) -> tuple[Preset, ...]:
        """The presets a plain link sends as documented (for visitors without JavaScript)."""
        return tuple(preset for preset in self.presets if terminal.in_browser(preset))

    @property
    def terminal_presets(self) -> tuple[Preset, ...]:
        return tuple(preset for preset in self.presets if not terminal.in_browser(preset))

    @property
    def terminal_script(self) -> str:
        """curl commands for the presets a link cannot send (see terminal.py)."""
        return terminal.script(self.terminal_presets)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "view": self.view,
            "views": list(self.views),
            "title": self.title,
            "description": self.description,
            "methods": list(self.methods),
            "path": self.path,
            "statuses": list(self.statuses),
            "resource": self.resource,
            "presets": [preset.as_json() for preset in self.presets],
        }
