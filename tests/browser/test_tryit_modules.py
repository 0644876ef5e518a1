"""The console's code is plain ES modules by concern, each small, loaded from one entry module."""

import re
from pathlib import Path

import pytest
from django.conf import settings

JS = Path(settings.BASE_DIR) / "static" / "js"
ENTRY = JS / "tryit.js"
MODULES = sorted((JS / "tryit").glob("*.js"))
IMPORT = re.compile(r"""^\s*import\s[^;]*?\sfrom\s+"(\./[^"]+)";""", re.MULTILINE | re.DOTALL)
MAX_LINES = 300


def test_the_console_is_split_into_modules():
    names = {module.stem for module in MODULES}
    assert {"request", "send", "render", "visitor"} <= names


@pytest.mark.parametrize("module", [ENTRY, *MODULES], ids=lambda path: path.name)
def test_each_module_is_small_and_imports_only_files_that_exist(module):
    text = module.read_text()
    assert len(text.splitlines()) < MAX_LINES
    for target in IMPORT.findall(text):
        assert (module.parent / target).resolve().is_file(), target
