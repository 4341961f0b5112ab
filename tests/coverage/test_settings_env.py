"""Operator settings read from the environment."""

import subprocess
import sys

from tests.conftest import REPO


def test_extract_workers_comes_from_the_environment():
    code = "import newsbot.settings as s; print(s.NEWSBOT_EXTRACT_WORKERS)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         env={"NEWSBOT_EXTRACT_WORKERS": "3", "PATH": "/usr/bin:/bin"}, check=True)
    assert out.stdout.strip() == "3"
