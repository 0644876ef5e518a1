"""Small HTML helpers for the reference tests (the standard library parser, no dependencies)."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []
        self.rows: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") is not None:
            self.links.append(attributes["href"])
        if tag == "script":
            self.scripts.append(attributes)
        if "style" in attributes or tag == "style":
            self.styled.append(tag)
        if tag == "tr" and "data-code" in attributes:
            self.rows.append(attributes)


def collect(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


def links(html: str) -> list[str]:
    """Every ``<a href>`` in the page, in order."""
    return collect(html).links


def visible_codes(html: str) -> set[int]:
    """The codes of the index rows that are not hidden by the filter."""
    return {int(row["data-code"]) for row in collect(html).rows if "hidden" not in row}
