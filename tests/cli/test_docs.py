"""The examples of docs/cli.md run as written: same exit codes, same output lines."""
import os
import re
import shlex
import subprocess
import sys

from .conftest import ROOT, run_l2s

DOC = os.path.join(ROOT, "docs", "cli.md")
FENCE = re.compile(r"^```(\S+)(?: (\S+))?\n(.*?)^```", re.S | re.M)


def doc_blocks():
    """``(files, sessions)``: files named in fence info strings, console sessions in order."""
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    files, sessions = {}, []
    for lang, name, body in FENCE.findall(text):
        if name:
            files[name] = body
        elif lang == "console":
            sessions.append(body)
    return files, sessions


def commands(session):
    """``(argv, expected output lines, exit code)`` of every ``$`` line of a session."""
    out = []
    for line in session.splitlines():
        if line.startswith("$ "):
            out.append([shlex.split(line[2:]), [], 0])
        elif line.startswith("[exit "):
            out[-1][2] = int(line[6:-1])
        elif line.strip():
            out[-1][1].append(line)
    return out


def matches(expected, actual):
    """Every expected line (``...`` matches anything) matches an actual line, in order."""
    lines = iter(actual)
    for want in expected:
        pattern = re.compile(".*".join(map(re.escape, want.split("..."))) + r"\Z")
        if not any(pattern.match(line) for line in lines):
            return False
    return True


def test_every_example_of_the_cli_docs_runs_as_documented(tmp_path):
    files, sessions = doc_blocks()
    assert {"example.json", "inputs.csv"} <= set(files) and len(sessions) >= 8
    for name, body in files.items():
        (tmp_path / name).write_text(body)
    for session in sessions:
        for argv, expected, code in commands(session):
            if argv[0] == "python":
                done = subprocess.run([sys.executable, *argv[1:]], cwd=tmp_path)
                assert done.returncode == 0, argv
                continue
            assert argv[0] == "l2s", argv
            done = run_l2s(argv[1:], tmp_path)
            output = done.stdout.splitlines() + done.stderr.splitlines()
            assert done.returncode == code, (argv, done.stdout, done.stderr)
            assert matches(expected, output), (argv, expected, output)
            if code:
                assert done.stdout == "" and len(done.stderr.splitlines()) == 1, done.stderr
    assert (tmp_path / "out" / "raster.png").exists()
