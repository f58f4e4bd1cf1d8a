"""Collection rules of the whole repository (doctests of ``l2s`` and the ``tests`` tree).

The doctests of optional parts need their extra, and are left out where it
is missing (their tests in ``tests/`` skip themselves with a reason):

- ``l2s/nir`` needs ``nir`` (``pip install "l2s[nir]"``; Python >= 3.10);
- :mod:`l2s.partition.kahypar` calls Mt-KaHyPar (``pip install "l2s[hypergraph]"``).
"""
import importlib.util

#: Files whose doctests need an optional package, by that package.
_NEEDS = {"nir": ["l2s/nir/*.py"], "mtkahypar": ["l2s/partition/kahypar.py"]}

collect_ignore_glob = [pattern for package, patterns in _NEEDS.items()
                       if importlib.util.find_spec(package) is None for pattern in patterns]
