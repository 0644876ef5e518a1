"""The JSON shape of a code page, for /codes.json and /codes/<code>.json."""

from typing import Any

from django.urls import reverse

from tutorial.content.documents import CodePage

from .demos import DemoLink


def code_payload(page: CodePage, demos: list[DemoLink]) -> dict[str, Any]:
    return {
        "code": page.code,
        "phrase": page.phrase,
        "former_names": list(page.former_names),
        "class": page.class_range,
        "spec": page.spec,
        "section": page.section,
        "spec_url": page.spec_url,
        "registry": page.registry,
        "summary": page.summary,
        "headers": list(page.headers),
        "django": page.django,
        "related": list(page.related),
        "demos": [demo.as_json() for demo in demos],
        "url": reverse("reference:code", args=[page.code]),
    }
