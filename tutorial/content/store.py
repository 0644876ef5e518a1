"""Rendered content kept in memory: each file is rendered once, never per request.

A store maps slugs (file names without ``.md``) to parsed documents. Rendering happens on first
access; with ``autoreload`` (development) a changed modification time triggers a new render, so an
edited lesson shows up without a restart. Without it, a rendered document is never looked at again.
"""

import re
import threading
from collections.abc import Callable
from pathlib import Path

from .rendering import ContentError, Rendered, render

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ContentStore[T]:
    def __init__(
        self,
        directory: Path,
        build: Callable[[str, Rendered], T],
        *,
        autoreload: bool = False,
        extensions: Callable[[], list] | None = None,
    ) -> None:
        self.directory = directory
        self.build = build
        self.autoreload = autoreload
        self.extensions = extensions
        self.render_count = 0
        self._documents: dict[str, tuple[int, T]] = {}
        self._slugs: list[str] | None = None
        self._lock = threading.Lock()

    def slugs(self) -> list[str]:
        if self._slugs is None or self.autoreload:
            self._slugs = sorted(
                path.stem for path in self.directory.glob("*.md") if SLUG_RE.match(path.stem)
            )
        return self._slugs

    def get(self, slug: str) -> T:
        """Return the document for ``slug``; raise KeyError when there is none."""
        cached = self._documents.get(slug)
        if cached is not None and not self.autoreload:
            return cached[1]
        # Only slugs found by listing the directory are ever turned into paths.
        if slug not in self.slugs():
            raise KeyError(slug)
        path = self.directory / f"{slug}.md"
        try:
            mtime = path.stat().st_mtime_ns
        except FileNotFoundError:
            raise KeyError(slug) from None
        if cached is not None and cached[0] == mtime:
            return cached[1]
        with self._lock:
            cached = self._documents.get(slug)
            if cached is not None and cached[0] == mtime:
                return cached[1]
            text = path.read_text(encoding="utf-8")
            extensions = self.extensions() if self.extensions else None
            try:
                document = self.build(slug, render(text, extensions))
            except ContentError as exc:
                raise ContentError(f"{path.name}: {exc}") from exc
            self.render_count += 1
            self._documents[slug] = (mtime, document)
            return document

    def all(self) -> list[T]:
        return [self.get(slug) for slug in self.slugs()]

    def clear(self) -> None:
        with self._lock:
            self._documents.clear()
            self._slugs = None
