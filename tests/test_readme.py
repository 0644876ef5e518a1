"""The README's first screen: what a newcomer reads before anything else must be true."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tutorial.content.library import lessons

BASE = Path(settings.BASE_DIR)
README = (BASE / "README.md").read_text()
FIRST_SCREEN = README.split("\n## Testing and CI", 1)[0]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_first_screen_shows_an_image_that_exists_small_enough():
    images = re.findall(r"!\[[^\]]+\]\(([^)\s]+)\)", FIRST_SCREEN)
    assert images, "the first screen has a picture of a lesson with a live console"
    for image in images:
        path = BASE / image
        assert path.is_file(), image
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        assert path.stat().st_size < 200_000


def test_every_relative_link_in_the_readme_exists():
    for target in re.findall(r"\]\(([^)\s#]+)[^)]*\)", README):
        if "://" not in target:
            assert (BASE / target).exists(), target


def test_the_first_screen_says_how_to_run_it_and_where_to_start():
    assert "make run" in FIRST_SCREEN
    assert "make test" in FIRST_SCREEN
    assert "http://127.0.0.1:8000/" in FIRST_SCREEN
    assert re.search(r"^PORT \?= 8000$", (BASE / "Makefile").read_text(), re.MULTILINE)
    assert "make run PORT=" in FIRST_SCREEN
    first = min(lessons(), key=lambda lesson: lesson.order)
    assert f"*{first.title}* (`{reverse('pages:lesson', args=[first.slug])}`)" in FIRST_SCREEN
    assert f"(`{reverse('reference:index')}`)" in FIRST_SCREEN
    # Configuration and deployment follow the first screen.
    assert "## Configuration" not in FIRST_SCREEN
    assert "## Deploy" in README
