"""Run ``l2s`` as a subprocess of this Python, importing the tree under test."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_l2s(args, cwd):
    """``python -m l2s *args`` in ``cwd``; returns the CompletedProcess (text output)."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "l2s", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def l2s_cli():
    return run_l2s
