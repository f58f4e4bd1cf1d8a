"""Collection rules of the whole repository (doctests of ``l2s`` and the ``tests`` tree).

The doctests of optional subpackages need their extra: ``l2s/nir`` needs the
``nir`` package (``pip install "l2s[nir]"``; it needs Python >= 3.10), so
they are left out where it is missing, as ``tests/nir`` skips itself.
"""
import importlib.util

collect_ignore_glob = [] if importlib.util.find_spec("nir") else ["l2s/nir/*.py"]
