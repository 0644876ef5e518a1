"""migrate_locked: the container's start-up migration, safe to run again and from several
replicas at once."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def migrate_locked(database_url: str, data_dir) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": "migrate-locked-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DATA_DIR": str(data_dir),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "migrate_locked", "--no-input"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    return output


def test_running_it_again_finds_nothing_to_do(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    first = finish(migrate_locked(url, tmp_path))
    assert "Applying demos.0001_initial... OK" in first
    second = finish(migrate_locked(url, tmp_path))
    assert "No migrations to apply." in second


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="replicas share PostgreSQL; SQLite is one container"
)
@pytest.mark.django_db(transaction=True)  # CREATE DATABASE cannot run inside a transaction
def test_replicas_starting_at_once_migrate_one_at_a_time(tmp_path):
    """Three replicas start together on an empty database: one migrates, the others wait for the
    advisory lock and then find nothing to do. Without the lock they race and fail."""
    name = f"migrate_locked_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        params = connection.settings_dict
        url = (
            f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or 'localhost'}"
            f":{params['PORT'] or 5432}/{name}"
        )
        outputs = [finish(p) for p in [migrate_locked(url, tmp_path) for _ in range(3)]]
        applied = [output for output in outputs if "Applying demos.0001_initial... OK" in output]
        assert len(applied) == 1, outputs
        assert sum("No migrations to apply." in output for output in outputs) == 2, outputs
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
