"""The WSGI entry point leaves the objects built while starting out of garbage collections.

In a fresh interpreter: importing the entry point in this one would freeze the test run's objects.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.smoke

REPOSITORY = Path(__file__).resolve().parents[2]
PROBE = """
import gc, json
import bgro.wsgi
print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
"""


def test_the_objects_built_while_starting_are_frozen():
    # As gunicorn runs it: from the repository root, with site/ on the path (--pythonpath site).
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bgro.settings.test",
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY), str(REPOSITORY / "site")]),
    }
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    # Django, Wagtail, the apps and the URLconf: far more objects than a collection walks afterwards.
    assert counts["frozen"] > 50_000
    assert counts["tracked"] < counts["frozen"] / 10
