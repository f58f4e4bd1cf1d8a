"""Run L2S jobs on the CRI hardware through the Neuroscience Gateway (NSG-R).

``check`` tells, without uploading anything, whether a job's code would run on
the CRI servers; ``package`` zips a job the way NSG expects it; ``Client``
submits, watches, fetches and cancels jobs (it needs ``requests``, imported
only when a client first talks to NSG: ``pip install l2s[nsg]``). The command
line is ``l2s nsg ...`` (:mod:`l2s.nsg.cli`). See docs/nsg.md for the round
trip.

Examples
--------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "run.py")
>>> _ = open(path, "w").write("import numpy\\n")
>>> check(path).ok
True
"""
from .client import Client
from .config import DEFAULT_TOOL, DEFAULT_URL, Settings, load_settings
from .packaging import Package, package
from .preflight import Problem, Report, check
from .responses import JobStatus, ResultFile

__all__ = ["Client", "check", "package", "Report", "Problem", "Package", "JobStatus",
           "ResultFile", "Settings", "load_settings", "DEFAULT_URL", "DEFAULT_TOOL"]
