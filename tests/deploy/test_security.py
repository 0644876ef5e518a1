"""Production settings: check --deploy, the Content-Security-Policy, and no debug output."""

import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

# The production environment the README documents, for a plain-HTTP run on loopback aside.
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "tutorial.example.org",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
}


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {**env, **extra}


def test_check_deploy_passes_in_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean_env(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "path", ["/", "/lessons/client-errors/", "/demos/api-success/", "/no-such-page/", "/healthz"]
)
def test_every_response_carries_a_strict_csp(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split("; ") if part.strip()
    )
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_deliberate_500_shows_no_stack_trace(client):
    client.raise_request_exception = False
    response = client.get("/demos/articles/0/check-permission/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    html = response.content.decode()
    assert "Traceback" not in html
    assert "DoesNotExist" not in html
    assert "Something broke on our side" in html


def test_debug_is_off_in_the_suite():
    assert settings.DEBUG is False
