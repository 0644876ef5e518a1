import os
import subprocess
import sys

from django.conf import settings


def run_settings(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import tutorial.settings as s; print(s.DEBUG, s.DATABASES)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run_settings({})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_on_runs_without_a_secret_key():
    result = run_settings({"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")
    assert "db.sqlite3" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = run_settings({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_DEBUG": "no"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


def test_database_url_selects_postgresql():
    result = run_settings(
        {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.invalid:5432/tutorial"}
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout
    assert "'NAME': 'tutorial'" in result.stdout


def test_whitenoise_follows_security_middleware():
    # Static files skip every middleware after whitenoise; the ones before it only add headers
    # (nosniff, X-Frame-Options, the CSP), which static files must carry too.
    middleware = settings.MIDDLEWARE
    assert middleware[:4] == [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


def test_the_suite_runs_on_the_database_database_url_names(db):
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
