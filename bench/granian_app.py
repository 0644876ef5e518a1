"""The WSGI application for the granian comparison, warmed as gunicorn.conf.py warms it.

granian has no preload: each worker imports this module, which renders the content on import,
so both servers answer the benchmark from the same warm state.
"""

import runpy
from pathlib import Path

from tutorial.wsgi import application

runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))["warm_up"]()

__all__ = ["application"]
