"""Shared pytest configuration of the L2S test suite.

``tests`` and its subfolders are packages (each has an ``__init__.py``), so
test modules import the shared helpers as ``tests.reference`` and
``tests.strategies``. The repository root is put on ``sys.path`` here so that
this also works when pytest is started from another directory or with
``--import-mode=importlib``.

Hypothesis profiles: ``l2s`` (used unless the environment variable
``HYPOTHESIS_PROFILE`` names another) runs 60 examples per property and has
no per-example deadline, because the first example of a test pays for numba's
JIT compilation; ``thorough`` runs 1000 examples
(``HYPOTHESIS_PROFILE=thorough make test``).
"""
import os
import sys

from hypothesis import HealthCheck, settings

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

settings.register_profile(
    "l2s", deadline=None, max_examples=60,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "thorough", deadline=None, max_examples=1000,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "l2s"))
