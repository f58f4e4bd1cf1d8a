"""The scripts run from ``tests/api/test_hs_api_scripts.py``; doctest collection skips them."""
collect_ignore_glob = ["[!_]*.py"]
