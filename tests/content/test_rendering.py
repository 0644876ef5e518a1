import pytest

from tutorial.content.rendering import ContentError, render, split_front_matter

SAMPLE = """---
title: Sample
order: 1
---

Intro.

## 404 Not Found

```python
from django.http import Http404
raise Http404("gone")
```

| Code | Meaning |
|------|---------|
| 404  | Missing |
"""


def test_front_matter_is_split_from_the_body():
    meta, body = split_front_matter(SAMPLE)
    assert meta == {"title": "Sample", "order": 1}
    assert body.lstrip().startswith("Intro.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# no front matter\n", "missing front matter"),
        ("---\ntitle: x\n", "not closed"),
        ("---\ntitle: [unclosed\n---\n", "not valid YAML"),
        ("---\n- a list\n---\n", "must be a mapping"),
    ],
)
def test_bad_front_matter_is_a_clear_error(text, message):
    with pytest.raises(ContentError, match=message):
        split_front_matter(text)


def test_code_is_highlighted_with_css_classes_not_inline_styles():
    html = render(SAMPLE).html
    assert '<div class="highlight">' in html
    assert '<span class="kn">from</span>' in html
    assert "style=" not in html


def test_headings_get_anchors_and_a_permalink():
    rendered = render(SAMPLE)
    assert '<h2 id="404-not-found">' in rendered.html
    assert 'href="#404-not-found"' in rendered.html
    assert rendered.toc[0]["id"] == "404-not-found"
    assert rendered.toc[0]["name"] == "404 Not Found"


def test_tables_are_rendered():
    assert "<table>" in render(SAMPLE).html
