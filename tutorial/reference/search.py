"""The code index filter. The server (?q=) and static/js/code-filter.js apply the same rule.

Each row carries its normalised search text in ``data-search``; a query matches when every word of
it appears in that text. Normalising lowers case, drops apostrophes (so "im a teapot" finds
"I'm a Teapot") and collapses whitespace. The script only has to normalise the query the same way.

Case is lowered with ``str.lower()``, not ``str.casefold()``: the browser has only
``toLowerCase()``, and it and ``lower()`` both apply the Unicode Standard's default lowercase
mapping, while ``casefold()`` goes further ("ß" becomes "ss"). With ``casefold()`` on the server,
a query could match a row without JavaScript and miss it with JavaScript.
"""

import re

from tutorial.content.documents import CodePage
from tutorial.pages.classes import STATUS_CLASSES

MAX_QUERY_LENGTH = 100
_APOSTROPHES = re.compile(r"['\u2019]")
_SPACE = re.compile(r"\s+")
_CLASS_NAMES = {cls.digit: cls.name for cls in STATUS_CLASSES}


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()


def search_text(page: CodePage) -> str:
    """Everything the filter looks at: number, phrase, former names, class (by name and as
    "4xx"), keywords, summary."""
    return normalise(
        " ".join(
            [
                str(page.code),
                page.phrase,
                *page.former_names,
                _CLASS_NAMES[page.status_class],
                f"{page.status_class}xx",  # how people name a class: "4xx"
                *page.keywords,
                page.summary,
            ]
        )
    )


def clean_query(raw: str) -> str:
    return normalise(raw[:MAX_QUERY_LENGTH])


def matches(page: CodePage, query: str) -> bool:
    text = search_text(page)
    return all(word in text for word in clean_query(query).split())
