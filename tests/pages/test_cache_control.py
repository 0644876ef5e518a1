from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/demos/api-success/", "/demos/temporary-redirect/", "/demos/custom-404/", "/nowhere/",
     "/codes/999/", "/demos/sandbox.json"],
)  # fmt: skip
def test_per_visitor_and_error_responses_are_not_stored(client, path):
    response = client.get(path)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_405_is_not_stored_either(client):
    response = client.post("/demos/get-only/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert "no-store" in response["Cache-Control"]
