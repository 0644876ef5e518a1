import subprocess
import sys
from pathlib import Path

from django.conf import settings

RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_lint_passes():
    result = subprocess.run(
        [RUFF, "check", "."], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check_passes():
    result = subprocess.run(
        [RUFF, "format", "--check", "."],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
