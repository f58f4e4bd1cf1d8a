"""The ``nsg`` click group, run with click's CliRunner against the fake NSG-R."""
import pytest
from click.testing import CliRunner

from l2s.nsg.cli import nsg
from tests.nsg.fake_nsg import APPKEY, PASSWORD, USER

COMMANDS = ["check", "submit", "status", "wait", "fetch", "cancel", "list"]


def runner():
    """A CliRunner keeping stderr apart (the default from click 8.2 on)."""
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


@pytest.fixture
def run(server, ca_bundle):
    env = {"NSG_USERNAME": USER, "NSG_PASSWORD": PASSWORD, "NSG_APPKEY": APPKEY,
           "NSG_URL": server.url}

    def invoke(*args, **env_overrides):
        result = runner().invoke(nsg, ["--ca-bundle", ca_bundle, *args],
                                 env={**env, **env_overrides})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


def error_lines(result):
    return result.stderr.splitlines()


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_an_example(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(nsg, args)
    assert result.exit_code == 0 and "Example:" in result.output
    assert f"l2s nsg {command or 'submit'}" in result.output


def test_check(run, job_dir, tmp_path):
    result = run("check", str(job_dir))
    assert result.exit_code == 0 and "myjob: ready for the CRI servers" in result.stdout
    bad = tmp_path / "bad.py"
    bad.write_text("import torch\n")
    result = run("check", str(bad))
    assert result.exit_code == 1 and "bad.py:1: torch" in result.stdout
    assert error_lines(result) == ["error: 1 problem(s) for the CRI servers (listed above)"]


def test_submit_wait_fetch_round_trip(run, server, job_dir, tmp_path):
    out = tmp_path / "results"
    result = run("submit", str(job_dir), "--runtime", "0.1", "--param", "number_cores_=1",
                 "--interval", "0.001", "--fetch", str(out))
    assert result.exit_code == 0, result.stderr
    handle = "NGBW-JOB-PY_CRI-0001"
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()[:-1]] == [
        [handle, s] for s in ("QUEUE", "INPUTSTAGING", "SUBMITTED", "LOAD_RESULTS", "COMPLETED")]
    assert result.stdout.splitlines()[-1] == f"results in {out}"
    assert (out / "myjob" / "out.txt").exists()
    assert server.uploads[0]["form"]["vparam.number_cores_"] == "1"


def test_submit_of_a_failing_job(run, server, job_dir, tmp_path):
    server.fail_jobs = True
    result = run("submit", str(job_dir), "--interval", "0.001", "--fetch", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert error_lines(result) == [f"error: job NGBW-JOB-PY_CRI-0001 failed at stage COMPLETED; "
                                   f"its outputs are in {tmp_path / 'o'}"]


def test_submit_refused_by_the_preflight_check(run, server, tmp_path):
    script = tmp_path / "net.py"
    script.write_text("import torch\n")
    result = run("submit", str(script))
    assert result.exit_code == 1 and "net.py:1: torch" in result.stdout
    assert error_lines(result) == ["error: 1 problem for the CRI servers; not submitted "
                                   "(fix the job, or pass --force to submit anyway)"]
    assert server.requests == []
    assert run("submit", str(script), "--force").exit_code == 0


def test_validate(run, job_dir):
    result = run("submit", str(job_dir), "--validate")
    assert result.exit_code == 0 and result.stdout == "valid: python run.py\n"


def test_status_wait_list_fetch_cancel(run, server, tmp_path):
    job = server.add_job()
    result = run("status", job.handle)
    assert result.stdout.splitlines() == [
        f"{job.handle}\tINPUTSTAGING\t2026-01-01T00:00:00-08:00",
        "  INPUTSTAGING: job is at INPUTSTAGING"]
    result = run("wait", job.handle, "--interval", "0.001")
    assert result.exit_code == 0 and result.stdout.splitlines()[-1].split("\t")[1] == "COMPLETED"
    assert run("list").stdout.startswith(f"{job.handle}\tCOMPLETED")
    result = run("fetch", job.handle, str(tmp_path / "r"))
    assert result.exit_code == 0 and (tmp_path / "r" / "STDOUT").exists()
    assert run("cancel", job.handle).stdout == f"cancelled {job.handle}\n"
    assert server.jobs == {}


@pytest.mark.parametrize("args, env, message", [
    (["status", "NGBW-JOB-nope"], {}, "error: NSG knows no job 'NGBW-JOB-nope' of user 'ada'"),
    (["list"], {"NSG_PASSWORD": "wrong"}, "error: NSG answered HTTP 401"),
    (["list"], {"NSG_APPKEY": ""}, "error: NSG appkey is not set"),
])
def test_errors_are_one_line_exit_1(run, args, env, message):
    result = run(*args, **env)
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = error_lines(result)
    assert line.startswith(message) and "Traceback" not in result.stderr


def test_usage_errors_exit_2(run, job_dir):
    assert run("submit", str(job_dir), "--param", "no-equals").exit_code == 2
    assert run("status").exit_code == 2
    assert run("frobnicate").exit_code == 2
