import pytest
from django.test import Client
from django.urls import reverse


class Visitor:
    """A real client with its own session, cookies and CSRF token, as a browser would have."""

    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        # The try-it console's first call, which sets the CSRF cookie, as it does for a learner.
        self.client.get(reverse("demos:sandbox"))

    @property
    def csrf_token(self) -> str:
        return self.client.cookies["csrftoken"].value

    def sign_in(self, account: str):
        return self.send(
            "POST",
            reverse("demos:sign-in"),
            body=f"account={account}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def placeholders(self) -> dict:
        data = self.client.get(reverse("demos:sandbox")).json()
        return {key: str(value) for key, value in data.items() if key != "visitor"}

    def send(
        self, method: str, path: str, *, body: str | bytes = "", headers=None, csrf: bool = True
    ):
        headers = dict(headers or {})
        content_type = headers.pop("Content-Type", "application/octet-stream")
        if csrf and method not in {"GET", "HEAD", "OPTIONS"}:
            headers["X-CSRFToken"] = self.csrf_token
        data = body if isinstance(body, bytes) else body.encode()
        return self.client.generic(method, path, data, content_type=content_type, headers=headers)


@pytest.fixture
def visitor(db):
    return Visitor()


@pytest.fixture
def make_visitor(db):
    return Visitor
