from django.conf import settings

from tutorial.content.management.commands.build_pygments_css import pygments_css


def test_committed_stylesheet_matches_the_generator():
    committed = (settings.BASE_DIR / "static" / "css" / "pygments.css").read_text()
    assert committed == pygments_css(), "run `manage.py build_pygments_css`"
