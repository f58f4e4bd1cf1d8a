"""Collection rules for the doctests of the ``l2s`` package (``testpaths = tests l2s``).

The examples of :mod:`l2s.partition.kahypar` call Mt-KaHyPar, an optional
dependency (``pip install "l2s[hypergraph]"``): they run where it is installed.
"""
import importlib.util

collect_ignore = [] if importlib.util.find_spec("mtkahypar") else ["l2s/partition/kahypar.py"]
