"""The demos without JavaScript: every preset a browser cannot send as a link, as curl commands.

A lesson page is the same bytes for every visitor (pages/pagecache.py), so it can hold no CSRF
token, and a no-JavaScript form for an unsafe method could only fail the CSRF check. A terminal
does better: the commands below keep the visitor's session (their sandbox, who is signed in) and
CSRF cookie in a cookie file, and send the token as the console does, in X-CSRFToken, with an
Origin header (which Django checks over HTTPS). The learner sets SITE to this site's address.
"""

import re
import shlex

COOKIE_FILE = "demo-cookies.txt"
JAR = f"-b {COOKIE_FILE} -c {COOKIE_FILE}"
PLACEHOLDER = re.compile(r"\{(article|product|other_article|article_etag)\}")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}  # the ones Django's CSRF check lets through
CSRF_HEADERS = '-H "Origin: $SITE" -H "X-CSRFToken: $(token)"'
TOKEN_FUNCTION = (
    "token() { awk '$6 == \"csrftoken\" { print $7 }' " + COOKIE_FILE + "; }"
)  # the CSRF cookie's value, from the cookie file
IDS = f'curl -s {JAR} "$SITE/demos/sandbox.json"; echo'


def variable(name: str) -> str:
    return name.upper()


def shell_word(text: str) -> str:
    """``text`` as one shell word; placeholders such as {product} become ${PRODUCT}."""
    if PLACEHOLDER.search(text) is None:
        return shlex.quote(text)
    escaped = re.sub(r'([\\"$`])', r"\\\1", text)
    return '"' + PLACEHOLDER.sub(lambda match: "${" + variable(match[1]) + "}", escaped) + '"'


def url_word(path: str) -> str:
    escaped = re.sub(r'([\\"$`])', r"\\\1", path)
    return '"$SITE' + PLACEHOLDER.sub(lambda m: "${" + variable(m[1]) + "}", escaped) + '"'


def placeholders(preset) -> list[str]:
    text = " ".join([preset.path, preset.body, *preset.headers.values()])
    return sorted({variable(name) for name in PLACEHOLDER.findall(text)})


def ids_note(names: list[str]) -> str:
    # An ETag keeps its double quotes: they are part of the tag.
    values = " ".join(
        f"{name}='\"<{name.lower()}>\"'" if name.endswith("ETAG") else f"{name}=<{name.lower()}>"
        for name in names
    )
    return f"# Copy your ids from what sandbox.json printed: {values}"


def sign_in(account: str) -> str:
    return (
        f'curl -s {JAR} -X POST "$SITE/demos/sign-in/" {CSRF_HEADERS} '
        f"--data-raw {shlex.quote(f'account={account}')}; echo"
    )


SIGN_OUT = f'curl -s {JAR} -X POST "$SITE/demos/sign-out/" {CSRF_HEADERS}; echo'


def command(preset) -> str:
    parts = ["curl -i", JAR]
    if preset.method == "HEAD":
        parts.append("--head")  # curl -X HEAD would wait for a body that never comes
    elif preset.method != "GET":
        parts += ["-X", preset.method]
    parts.append(url_word(preset.path))
    if preset.csrf and preset.method not in SAFE_METHODS:
        parts.append(CSRF_HEADERS)
    for name, value in preset.headers.items():
        parts += ["-H", shell_word(f"{name}: {value}")]
    if preset.body:
        parts += ["--data-raw", shell_word(preset.body)]
    return " ".join(parts)


def preset_lines(preset) -> list[str]:
    """The lines that send one preset, after the set-up lines (and after its ``after``)."""
    title = f"# {preset.name}"
    if preset.after:
        title += f" (after “{preset.after}”)"
    lines = [title]
    names = placeholders(preset)
    if preset.visitor in {"learner", "staff"}:
        lines.append(sign_in(preset.visitor))
    elif preset.visitor == "anonymous":
        lines.append(SIGN_OUT)
    if preset.visitor and names:
        lines += [IDS, ids_note(names)]  # the ids depend on who is signed in
    lines.append(command(preset))
    return lines


def setup_lines(presets) -> list[str]:
    lines = [TOKEN_FUNCTION, IDS]
    names = sorted({name for preset in presets for name in placeholders(preset)})
    if names:
        lines.append(ids_note(names))
    return lines


def script(presets) -> str:
    lines = setup_lines(presets)
    for preset in presets:
        lines += ["", *preset_lines(preset)]
    return "\n".join(lines)


def in_browser(preset) -> bool:
    """Can a plain link send this preset as documented? A GET with nothing but its URL."""
    return (
        preset.method == "GET"
        and PLACEHOLDER.search(preset.path) is None
        and not preset.headers
        and preset.visitor in {None, "anonymous"}
        and not preset.after
    )
