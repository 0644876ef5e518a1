"""The home page's "Codes at a glance" table speaks the reference's words, not http.server's."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape

from tutorial.content.library import get_code_page, lessons

pytestmark = pytest.mark.django_db


def test_each_glance_row_uses_the_summary_of_the_codes_reference_page(client):
    html = client.get(reverse("pages:home")).content.decode()
    glance = html[html.index('<table class="glance">') :]
    taught = {code for lesson in lessons() for code in lesson.codes}
    assert len(taught) >= 10
    for code in taught:
        assert f"<td>{escape(get_code_page(code).summary)}</td>" in glance
    # Python's http.server descriptions, which the table used to show:
    assert escape(HTTPStatus.INTERNAL_SERVER_ERROR.description) not in glance
    assert "Server got itself in trouble" not in glance
