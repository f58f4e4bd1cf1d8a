"""Command line of the NSG client: ``l2s nsg check|submit|status|wait|fetch|cancel|list``.

The click group :data:`nsg` is added to the top-level ``l2s`` command. Settings
come from the options, the environment (``NSG_USERNAME``, ``NSG_PASSWORD``,
``NSG_APPKEY``, ...) or ``~/.nsgrest.conf`` (see :mod:`l2s.nsg.config`); the
password and the application key are never taken as options, so they do not
show in the shell history or the process list.

An :class:`l2s.L2SError` ends the command with exit status 1 and one line
``error: ...`` on stderr; wrong usage exits with status 2.

Examples
--------
>>> import os, tempfile
>>> from click.testing import CliRunner
>>> path = os.path.join(tempfile.mkdtemp(), "run.py")
>>> _ = open(path, "w").write("import numpy\\n")
>>> result = CliRunner().invoke(nsg, ["check", path])
>>> result.exit_code, result.output.split(";")[0]
(0, 'run.py: ready for the CRI servers (Python 3.9)')
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import click

from ..errors import L2SError, PreflightError
from .client import Client
from .preflight import check as _check
from .responses import JobStatus

__all__ = ["nsg"]


class _Group(click.Group):
    """A click group that reports L2S errors as one ``error:`` line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PreflightError as exc:
            click.echo(str(exc.report))
            n = len(exc.report.problems)
            _fail(ctx, f"{n} problem{'s' if n > 1 else ''} for the CRI servers; not submitted "
                       "(fix the job, or pass --force to submit anyway)")
        except L2SError as exc:
            _fail(ctx, str(exc))


def _fail(ctx: click.Context, message: str) -> None:
    click.echo("error: " + " ".join(message.split()), err=True)
    ctx.exit(1)


def _client(ctx: click.Context) -> Client:
    return Client(**ctx.obj)


def _show(job: JobStatus) -> None:
    state = "failed" if job.failed else job.stage
    click.echo(f"{job.handle}\t{state}\t{job.date_submitted or ''}".rstrip())


def _params(_ctx: click.Context, _param: click.Parameter, values: Tuple[str, ...]) -> Dict[str, str]:
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE (e.g. number_cores_=1)")
        out[key] = val
    return out


def _wait_options(f: Any) -> Any:
    f = click.option("--timeout", type=float, default=None,
                     help="Give up waiting after this many seconds (default: never).")(f)
    return click.option("--interval", type=float, default=10.0, show_default=True,
                        help="Seconds between the first polls; doubled up to 5 minutes.")(f)


def _wait(client: Client, job: Any, interval: float, timeout: Optional[float]) -> JobStatus:
    return client.wait(job, on_change=_show, interval=interval, timeout=timeout)


@click.group(cls=_Group)
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (default: $NSG_CONFIG or ~/.nsgrest.conf).")
@click.option("--username", default=None, help="NSG user name (default: $NSG_USERNAME).")
@click.option("--url", default=None, help="NSG-R base URL (default: $NSG_URL or NSG's).")
@click.option("--tool", default=None, help="NSG tool id of Python for CRI (default: $NSG_TOOL).")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), default=None,
              help="CA bundle to verify NSG's certificate with (default: the system's).")
@click.pass_context
def nsg(ctx: click.Context, config: Optional[str], username: Optional[str], url: Optional[str],
        tool: Optional[str], ca_bundle: Optional[str]) -> None:
    """Run jobs on the CRI hardware through the Neuroscience Gateway (NSG).

    The password and REST application id come from $NSG_PASSWORD and
    $NSG_APPKEY or ~/.nsgrest.conf (PASSWORD=, APPID=); see docs/nsg.md.

    \b
    Example:
      l2s nsg check myjob/
      l2s nsg submit myjob/ --wait --fetch results/
    """
    ctx.obj = {"config": config, "username": username, "url": url, "tool": tool,
               "ca_bundle": ca_bundle}


@nsg.command("check")
@click.argument("source", type=click.Path(exists=True))
@click.pass_context
def check_cmd(ctx: click.Context, source: str) -> None:
    """Check a job folder or script against the CRI servers' Python and packages.

    Nothing is run or uploaded; exit status 1 if anything would fail there.

    \b
    Example:
      l2s nsg check myjob/
    """
    report = _check(source)
    click.echo(str(report))
    if not report.ok:
        _fail(ctx, f"{len(report.problems)} problem(s) for the CRI servers (listed above)")


@nsg.command()
@click.argument("source", type=click.Path(exists=True))
@click.option("--script", default=None, help="Top-level .py file to run, if there are several.")
@click.option("--runtime", type=float, default=0.5, show_default=True,
              help="Wall time to reserve, in hours.")
@click.option("--param", "params", multiple=True, callback=_params, metavar="NAME=VALUE",
              help="Further tool parameter, e.g. number_cores_=1 (repeatable).")
@click.option("--client-job-id", default=None, help="Your label of the job.")
@click.option("--email", is_flag=True, help="Have NSG e-mail you when the job ends.")
@click.option("--force", is_flag=True, help="Submit even if the pre-flight check fails.")
@click.option("--validate", "validate_only", is_flag=True,
              help="Only have NSG validate the submission; nothing runs.")
@click.option("--wait", "wait_", is_flag=True, help="Wait for the job to end, showing its stages.")
@click.option("--fetch", "fetch_dir", type=click.Path(file_okay=False), default=None,
              help="After waiting, download the results into this folder (implies --wait).")
@click.option("--overwrite", is_flag=True, help="Replace the --fetch folder if it exists.")
@_wait_options
@click.pass_context
def submit(ctx: click.Context, source: str, script: Optional[str], runtime: float,
           params: Dict[str, str], client_job_id: Optional[str], email: bool, force: bool,
           validate_only: bool, wait_: bool, fetch_dir: Optional[str], overwrite: bool,
           interval: float, timeout: Optional[float]) -> None:
    """Check, package and submit a job folder or script; optionally wait and fetch.

    \b
    Example:
      l2s nsg submit myjob/ --script run.py --runtime 0.25 --wait --fetch results/
    """
    client = _client(ctx)
    send = client.validate if validate_only else client.submit
    job = send(source, script, runtime=runtime, params=params, client_job_id=client_job_id,
               email=email, force=force)
    if validate_only:
        click.echo(f"valid: {job.commandline or 'NSG accepted the submission'}")
        return
    _show(job)
    if not (wait_ or fetch_dir):
        return
    job = _wait(client, job, interval, timeout)
    if fetch_dir:
        click.echo(f"results in {client.fetch(job, fetch_dir, overwrite=overwrite)}")
    if job.failed:
        _fail(ctx, f"job {job.handle} failed at stage {job.stage}"
                   + ("; its outputs are in " + fetch_dir if fetch_dir else
                      f"; see `l2s nsg fetch {job.handle} DIR` for its outputs"))


@nsg.command()
@click.argument("job")
@click.pass_context
def status(ctx: click.Context, job: str) -> None:
    """Show a job's stage and NSG's messages about it.

    \b
    Example:
      l2s nsg status NGBW-JOB-PY_CRI-0123456789ABCDEF
    """
    current = _client(ctx).status(job)
    _show(current)
    for message in current.messages:
        click.echo(f"  {message}")


@nsg.command()
@click.argument("job")
@_wait_options
@click.pass_context
def wait(ctx: click.Context, job: str, interval: float, timeout: Optional[float]) -> None:
    """Wait for a job to end, printing its stage whenever it changes.

    \b
    Example:
      l2s nsg wait NGBW-JOB-PY_CRI-0123456789ABCDEF --timeout 3600
    """
    final = _wait(_client(ctx), job, interval, timeout)
    if final.failed:
        _fail(ctx, f"job {final.handle} failed at stage {final.stage}")


@nsg.command()
@click.argument("job")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--overwrite", is_flag=True, help="Replace DEST if it exists.")
@click.option("--no-unpack", is_flag=True, help="Keep archives as they are.")
@click.pass_context
def fetch(ctx: click.Context, job: str, dest: str, overwrite: bool, no_unpack: bool) -> None:
    """Download (and unpack) all output files of a finished job into the folder DEST.

    \b
    Example:
      l2s nsg fetch NGBW-JOB-PY_CRI-0123456789ABCDEF results/
    """
    path = _client(ctx).fetch(job, dest, overwrite=overwrite, unpack=not no_unpack)
    click.echo(f"results in {path}")


@nsg.command()
@click.argument("job")
@click.pass_context
def cancel(ctx: click.Context, job: str) -> None:
    """Cancel a job (or delete a finished one and its results).

    \b
    Example:
      l2s nsg cancel NGBW-JOB-PY_CRI-0123456789ABCDEF
    """
    _client(ctx).cancel(job)
    click.echo(f"cancelled {job}")


@nsg.command("list")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """List your NSG jobs: handle, stage, date submitted.

    \b
    Example:
      l2s nsg list
    """
    for job in _client(ctx).list():
        _show(job)
