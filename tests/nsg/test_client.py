"""The NSG client against a fake NSG-R over HTTPS on 127.0.0.1."""
import io
import logging
import time
import zipfile

import pytest

from l2s.errors import (NSGAuthError, NSGConnectionError, NSGError, NSGJobNotFoundError,
                        NSGTimeoutError, NSGValidationError, PreflightError)
from l2s.nsg import Client, package
from tests.nsg.fake_nsg import APPKEY, PASSWORD, USER


def test_submit_uploads_the_zip_and_the_form(client, server, job_dir):
    job = client.submit(job_dir, runtime=0.25, params={"number_cores": 1}, email=True)
    assert job.handle == "NGBW-JOB-PY_CRI-0001" and job.stage == "QUEUE" and not job.done
    assert job.client_job_id == "myjob"
    (upload,) = server.uploads
    assert upload["form"] == {
        "tool": "PY_CRI", "vparam.runtime_": "0.25", "vparam.filename_": "run.py",
        "vparam.number_cores_": "1", "metadata.clientJobId": "myjob",
        "metadata.statusEmail": "true"}
    name, data = upload["file"]
    assert name == "myjob.zip" and data == package(job_dir).data
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == [
        "myjob/", "myjob/data/", "myjob/data/w.npy", "myjob/run.py"]


def test_validate_runs_nothing(client, server, job_dir):
    assert client.validate(job_dir).commandline == "python run.py"
    assert server.uploads == [] and server.jobs == {}


def test_status_list_and_cancel(client, server):
    first, second = server.add_job(), server.add_job()
    assert client.status(first.handle).stage == "INPUTSTAGING"
    listed = client.list()
    assert [j.handle for j in listed] == [first.handle, second.handle]
    client.cancel(listed[0])
    assert list(server.jobs) == [second.handle]
    with pytest.raises(NSGJobNotFoundError, match="NGBW-JOB-PY_CRI-0001.*l2s nsg list"):
        client.status(first.handle)
    with pytest.raises(NSGJobNotFoundError):
        client.cancel(first.handle)


def test_wait_reports_each_stage_once(client, server):
    job = server.add_job(stages=["QUEUE", "QUEUE", "SUBMITTED", "SUBMITTED", "COMPLETED"])
    seen = []
    final = client.wait(job.handle, on_change=lambda s: seen.append(s.stage), interval=0.001)
    assert seen == ["QUEUE", "SUBMITTED", "COMPLETED"]
    assert final.done and not final.failed and final.results_url.endswith("/output")


def test_watch_is_an_iterator_of_stage_changes(client, server):
    job = server.add_job()
    stages = [s.stage for s in client.watch(job.handle, interval=0.001)]
    assert stages == ["INPUTSTAGING", "SUBMITTED", "LOAD_RESULTS", "COMPLETED"]
    job = server.add_job(stages=["QUEUE", "QUEUE", "COMPLETED"])
    first = client.status(job.handle)  # already QUEUE: not reported again
    assert [s.stage for s in client.watch(first, interval=0.001)] == ["COMPLETED"]


def test_wait_backs_off_exponentially_and_times_out(make_client, server):
    sleeps = []  # a fake clock: time passes only while sleeping
    client = make_client(sleep=sleeps.append, clock=lambda: sum(sleeps))
    job = server.add_job(stages=["QUEUE"])
    with pytest.raises(NSGTimeoutError, match="still at stage QUEUE.*l2s nsg status"):
        client.wait(job.handle, interval=1, max_interval=4, timeout=15)
    assert sleeps == [1, 2, 4, 4, 4]


def test_a_failed_job(client, server, job_dir, tmp_path):
    server.fail_jobs = True
    job = client.wait(client.submit(job_dir), interval=0.001)
    assert job.done and job.failed
    assert (client.fetch(job, tmp_path / "out") / "STDOUT").exists()


def test_fetch_unpacks_every_output_into_the_folder(client, server, tmp_path):
    job = server.add_job(stages=["COMPLETED"])
    dest = client.fetch(job.handle, tmp_path / "results")
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*")) == [
        "STDOUT", "myjob", "myjob/out.txt"]
    assert (dest / "myjob" / "out.txt").read_text() == "spikes: 1 2 3\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results"]  # no temporary folder left
    with pytest.raises(NSGError, match="already exists.*overwrite"):
        client.fetch(job.handle, dest)
    (dest / "stale").write_text("old")
    client.fetch(job.handle, dest, overwrite=True)
    assert not (dest / "stale").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_fetch_without_unpacking_keeps_the_archive(client, server, tmp_path):
    job = server.add_job(stages=["COMPLETED"])
    dest = client.fetch(job.handle, tmp_path / "raw", unpack=False)
    assert sorted(p.name for p in dest.iterdir()) == ["STDOUT", "output.tar.gz"]


def test_fetch_before_the_job_ends(client, server, tmp_path):
    job = server.add_job(stages=["QUEUE"])
    with pytest.raises(NSGError, match="no results yet.*QUEUE"):
        client.fetch(job.handle, tmp_path / "out")


def test_a_download_cut_short_leaves_no_folder(client, server, tmp_path):
    job = server.add_job(stages=["COMPLETED"])
    server.cut_short = "output.tar.gz"
    with pytest.raises(NSGConnectionError, match="output.tar.gz.*cut short.*fetch again"):
        client.fetch(job.handle, tmp_path / "results")
    assert list(tmp_path.iterdir()) == []


def test_a_503_is_retried(make_client, server):
    sleeps = []
    client = make_client(sleep=sleeps.append, backoff=0.5)
    job = server.add_job()
    server.answer_next = [503, 502]
    assert client.status(job.handle).stage == "INPUTSTAGING"
    assert sleeps == [0.5, 1.0]


def test_5xx_until_the_retries_run_out(client, server):
    server.answer_next = [503] * 3
    with pytest.raises(NSGConnectionError, match="failed 3 times.*HTTP 503.*try again later"):
        client.list()


def test_a_stalled_server_times_out_fast(make_client, server):
    server.stall = 5.0
    client = make_client(timeout=0.1, retries=1)
    start = time.monotonic()
    with pytest.raises(NSGConnectionError, match="failed 2 times.*ReadTimeout"):
        client.list()
    assert time.monotonic() - start < 2.0


def test_a_stalled_submit_is_not_sent_twice(make_client, server, job_dir):
    server.stall = 5.0
    client = make_client(timeout=0.1)
    with pytest.raises(NSGConnectionError, match="may or may not have been submitted"):
        client.submit(job_dir)
    assert server.requests == [f"POST /cipresrest/v1/job/{USER}"]


def test_wrong_credentials(make_client):
    with pytest.raises(NSGAuthError, match="HTTP 401.*Check the user name, password"):
        make_client(password="wrong").list()
    with pytest.raises(NSGAuthError):
        make_client(appkey="wrong").list()


def test_a_validation_error_lists_every_parameter(client, server, job_dir):
    server.param_errors = {"runtime_": "must be at most 2 hours",
                           "number_cores_": "must be 1"}
    with pytest.raises(NSGValidationError) as info:
        client.submit(job_dir, runtime=5, params={"number_cores_": 4})
    assert info.value.param_errors == server.param_errors
    assert "runtime_: must be at most 2 hours; number_cores_: must be 1" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_an_unknown_certificate_is_refused(make_client):
    with pytest.raises(NSGConnectionError, match="certificate.*could not be verified.*CA bundle"):
        make_client(ca_bundle=None).list()


def test_preflight_failure_uploads_nothing_unless_forced(client, server, tmp_path):
    script = tmp_path / "net.py"
    script.write_text("import torch\n")
    with pytest.raises(PreflightError, match="(?s)torch.*not submitted") as info:
        client.submit(script)
    assert not info.value.report.ok and server.requests == []
    assert client.submit(script, force=True).handle


def test_urls_outside_nsg_get_no_credentials(client):
    with pytest.raises(NSGError, match="refusing to send the credentials"):
        client.status("https://evil.example.org/job/ada/NGBW-JOB-1")


def test_plain_http_is_refused():
    with pytest.raises(NSGError, match="must be an https:// URL"):
        Client("ada", "pw", "key", url="http://nsgr.sdsc.edu/cipresrest/v1")


def test_secrets_never_leak(make_client, server, job_dir, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "requests", "l2s"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    client = make_client()
    texts = [repr(client), repr(client.settings), str(client.settings)]
    job = client.wait(client.submit(job_dir), interval=0.001)
    texts += [repr(job), repr(client.list()), repr(client.results(job))]
    client.fetch(job, tmp_path / "results")
    package(job_dir).write(tmp_path / "job.zip")
    server.param_errors = {"runtime_": "bad"}
    failures = [lambda: make_client(password="x" + PASSWORD).list(),
                lambda: client.submit(job_dir), lambda: client.status("NGBW-JOB-nope"),
                lambda: make_client(ca_bundle=None).list()]
    for failure in failures:
        with pytest.raises(NSGError) as info:
            failure()
        texts += [str(info.value), repr(info.value)]
    texts += [r.getMessage() for r in caplog.records]
    assert any("GET /cipresrest" in r.getMessage() for r in caplog.records)  # logging was on
    written = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    for secret in (PASSWORD, APPKEY):
        assert not [t for t in texts if secret in t]
        assert not [w for w in written if secret.encode() in w]
