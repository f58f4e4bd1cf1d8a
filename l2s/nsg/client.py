"""The NSG-R client: submit, watch, fetch and cancel jobs on the CRI hardware.

Every request carries HTTP Basic authentication and the ``cipres-appkey``
header. TLS certificates are always verified (against the system's authorities
or a given CA bundle). Connection failures, timeouts and 5xx answers are
retried ``retries`` times with exponential backoff; a ``POST`` is retried only
when it surely did not reach NSG (connection refused, 5xx), so a job is never
submitted twice. ``requests`` is imported when the first request is made.

The password and the application key are kept out of reprs, messages and
logs: only the user name, URLs and job handles ever appear.
"""
from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Tuple, Union
from urllib.parse import quote, urlsplit

from ..errors import (NSGAuthError, NSGConnectionError, NSGError, NSGJobNotFoundError,
                      NSGTimeoutError, NSGValidationError, PreflightError)
from .config import PathLike, Settings, load_settings
from .packaging import Package, package
from .preflight import check
from .responses import (MAX_XML_BYTES, JobStatus, ResultFile, error_info, job_list, job_status,
                        parse_xml, result_files)

__all__ = ["Client", "Job"]

#: A job: its status record, its handle (``NGBW-JOB-...``) or its URL.
Job = Union[JobStatus, str]

_CHUNK = 1 << 16
_ARCHIVES = (".tar.gz", ".tgz", ".tar", ".zip")


class Client:
    """A connection to NSG-R as one user.

    Parameters
    ----------
    username, password, appkey : str, optional
        NSG account and REST application id; default from the environment
        (``NSG_USERNAME``, ``NSG_PASSWORD``, ``NSG_APPKEY``) or ``~/.nsgrest.conf``
        (see :mod:`l2s.nsg.config`).
    url, tool, ca_bundle, appname : str, optional
        Further settings, looked up the same way.
    config : path, optional
        Settings file to read instead of ``~/.nsgrest.conf``.
    timeout : float
        Seconds to wait for NSG to connect and to answer, per request.
    retries : int
        How many times a failed request is retried.
    backoff : float
        Seconds before the first retry; doubled for each further one.
    sleep, clock : callable
        Used to wait and to tell time (``time.sleep``, ``time.monotonic``);
        replaceable in tests.

    Examples
    --------
    >>> client = Client("ada", "secret", "KEY123", config="/nonexistent")
    >>> client
    Client(username='ada', url='https://nsgr.sdsc.edu:8443/cipresrest/v1', tool='PY_CRI')
    >>> client.job_url("NGBW-JOB-PY_CRI-1")
    'https://nsgr.sdsc.edu:8443/cipresrest/v1/job/ada/NGBW-JOB-PY_CRI-1'
    """

    def __init__(self, username: Optional[str] = None, password: Optional[str] = None,
                 appkey: Optional[str] = None, *, url: Optional[str] = None,
                 tool: Optional[str] = None, ca_bundle: Optional[str] = None,
                 appname: Optional[str] = None, config: Optional[PathLike] = None,
                 timeout: float = 30.0, retries: int = 3, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings: Settings = load_settings(
            config, username=username, password=password, appkey=appkey, url=url, tool=tool,
            ca_bundle=ca_bundle, appname=appname)
        base = urlsplit(self.settings.url)
        if base.scheme != "https" or not base.netloc:
            raise NSGError(f"NSG url = {self.settings.url!r} must be an https:// URL "
                           "(the password is sent with every request)")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._clock = clock
        self._origin = (base.scheme, base.netloc)
        self._session: Any = None

    def __repr__(self) -> str:
        s = self.settings
        return f"Client(username={s.username!r}, url={s.url!r}, tool={s.tool!r})"

    # -- HTTP ---------------------------------------------------------------------------------

    def _http(self) -> Any:
        if self._session is None:
            import requests  # lazily: `import l2s.nsg` works without requests

            session = requests.Session()
            session.auth = (self.settings.username, self.settings.password)
            session.headers["cipres-appkey"] = self.settings.appkey
            self._session = session
        return self._session

    def _check_origin(self, url: str) -> None:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise NSGError(f"NSG pointed to {parts.scheme}://{parts.netloc}, not the NSG server "
                           f"{self.settings.url}; refusing to send the credentials there")

    def _request(self, method: str, url: str, *, job: Optional[str] = None,
                 **kwargs: Any) -> Any:
        """Send a request, retrying failures; return the (streamed) response of a 2xx answer."""
        import requests

        self._check_origin(url)
        session = self._http()
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                # verify per request: a session-wide CA bundle would lose to REQUESTS_CA_BUNDLE
                response = session.request(method, url, timeout=self.timeout, stream=True,
                                           verify=self.settings.ca_bundle or True, **kwargs)
            except requests.exceptions.SSLError as exc:
                raise NSGConnectionError(
                    f"the TLS certificate of {self._origin[1]} could not be verified ({exc}); "
                    "if NSG uses a private certificate authority, give its CA bundle "
                    "(ca_bundle=, NSG_CA_BUNDLE or CA_BUNDLE= in ~/.nsgrest.conf)") from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if method == "POST" and isinstance(exc, requests.exceptions.ReadTimeout):
                    raise NSGConnectionError(
                        f"NSG did not answer {method} {url} within {self.timeout} s; the job may "
                        "or may not have been submitted: run `l2s nsg list` before "
                        "submitting again") from None
                last = type(exc).__name__
                continue
            if response.status_code < 500:
                break
            last = f"HTTP {response.status_code}"
            response.close()
        else:
            raise NSGConnectionError(
                f"{method} {url} failed {self.retries + 1} times (last: {last}); NSG may be "
                "down or overloaded: try again later")
        if response.status_code >= 300:
            self._raise_for(response, job)
        return response

    def _read(self, response: Any, limit: int = MAX_XML_BYTES) -> bytes:
        data = bytearray()
        for chunk in response.iter_content(_CHUNK):
            data += chunk
            if len(data) > limit:
                response.close()
                raise NSGError(f"NSG answer to {response.url} exceeds {limit} bytes; refusing it")
        return bytes(data)

    def _xml(self, method: str, url: str, **kwargs: Any) -> Any:
        response = self._request(method, url, **kwargs)
        return parse_xml(self._read(response))

    def _raise_for(self, response: Any, job: Optional[str]) -> None:
        status = response.status_code
        try:
            info = error_info(parse_xml(self._read(response)))
        except NSGError:
            info = None
        message = (info.message if info and info.message else response.reason) or ""
        what = f"NSG answered HTTP {status} to {response.request.method} {response.url}: {message}"
        if status in (401, 403):
            raise NSGAuthError(f"{what}. Check the user name, password and application id "
                               "(NSG_USERNAME, NSG_PASSWORD, NSG_APPKEY or ~/.nsgrest.conf)")
        if info and (info.param_errors or info.code == 5):
            params = dict(info.param_errors)
            listed = "; ".join(f"{p}: {e}" for p, e in params.items())
            raise NSGValidationError(f"NSG rejected the job's parameters ({listed or message}); "
                                     "fix them and submit again", params)
        if status == 404 and job is not None:
            raise NSGJobNotFoundError(f"NSG knows no job {job!r} of user "
                                      f"{self.settings.username!r}; `l2s nsg list` shows yours")
        raise NSGError(what)

    # -- jobs ---------------------------------------------------------------------------------

    def _user_url(self) -> str:
        return f"{self.settings.url.rstrip('/')}/job/{quote(self.settings.username, safe='')}"

    def job_url(self, job: Job) -> str:
        """Return the URL of a job given as a status record, a handle or a URL.

        Examples
        --------
        >>> client = Client("ada", "secret", "KEY123", config="/nonexistent")
        >>> client.job_url("NGBW-JOB-PY_CRI-1")
        'https://nsgr.sdsc.edu:8443/cipresrest/v1/job/ada/NGBW-JOB-PY_CRI-1'
        >>> client.job_url("https://elsewhere/job/7")   # a URL is kept as it is
        'https://elsewhere/job/7'
        """
        if isinstance(job, JobStatus):
            return job.url or self.job_url(job.handle or "")
        if "://" in job:
            return job
        if not job or "/" in job:
            raise NSGError(f"job = {job!r} is not an NSG job handle (e.g. NGBW-JOB-PY_CRI-...)")
        return f"{self._user_url()}/{quote(job, safe='')}"

    def _form(self, pkg: Package, runtime: float, params: Optional[Mapping[str, Any]],
              client_job_id: Optional[str], email: bool) -> Tuple[list, dict]:
        vparams: Dict[str, Any] = {"runtime_": runtime, "filename_": pkg.script}
        vparams.update({k if k.endswith("_") else f"{k}_": v for k, v in (params or {}).items()})
        form = [("tool", self.settings.tool)]
        form += [(f"vparam.{k}", str(v)) for k, v in vparams.items()]
        form += [("metadata.clientJobId", client_job_id or pkg.folder),
                 ("metadata.statusEmail", "true" if email else "false")]
        files = {"input.infile_": (f"{pkg.folder}.zip", pkg.data, "application/zip")}
        return form, files

    def _post_job(self, source: Union[PathLike, Package], script: Optional[str], validate: bool,
                  force: bool, runtime: float, params: Optional[Mapping[str, Any]],
                  client_job_id: Optional[str], email: bool) -> JobStatus:
        if isinstance(source, Package):
            pkg = source
        else:
            pkg = package(source, script)
            report = check(source)
            if not report.ok and not force:
                raise PreflightError(f"{report}\nnot submitted; fix the job, or pass force=True "
                                     "(--force) to submit anyway", report)
        form, files = self._form(pkg, runtime, params, client_job_id, email)
        url = self._user_url() + ("/validate" if validate else "")
        return job_status(self._xml("POST", url, data=form, files=files))

    def submit(self, source: Union[PathLike, Package], script: Optional[str] = None, *,
               runtime: float = 0.5, params: Optional[Mapping[str, Any]] = None,
               client_job_id: Optional[str] = None, email: bool = False,
               force: bool = False) -> JobStatus:
        """Check, package and submit a job; return its first status.

        Parameters
        ----------
        source : path or Package
            The job's folder or script (checked with :func:`l2s.nsg.check` and
            zipped with :func:`l2s.nsg.package`), or a ready :class:`Package`
            (not checked).
        script : str, optional
            The top-level script NSG runs, if the folder holds several.
        runtime : float
            Wall time to reserve, in hours (``vparam.runtime_``).
        params : mapping, optional
            Further tool parameters, e.g. ``{"number_cores_": 1}`` (the trailing
            ``_`` may be left out).
        client_job_id : str, optional
            Your own label of the job (default: the folder's name).
        email : bool
            Ask NSG to e-mail you when the job ends.
        force : bool
            Submit even if the pre-flight check finds problems.

        Raises
        ------
        PreflightError
            The check found problems (and ``force`` is False); nothing was uploaded.
        NSGValidationError
            NSG rejected the parameters; ``param_errors`` lists them.
        NSGAuthError, NSGConnectionError, NSGError

        Examples
        --------
        >>> client = Client("ada", "secret", "KEY123", config="/nonexistent")
        >>> client.submit("/nonexistent/job")
        Traceback (most recent call last):
        ...
        l2s.errors.InvalidValueError: job source '/nonexistent/job' is neither a file nor a folder
        """
        return self._post_job(source, script, False, force, runtime, params, client_job_id, email)

    def validate(self, source: Union[PathLike, Package], script: Optional[str] = None, *,
                 runtime: float = 0.5, params: Optional[Mapping[str, Any]] = None,
                 client_job_id: Optional[str] = None, email: bool = False,
                 force: bool = False) -> JobStatus:
        """Have NSG check a submission without running it; same arguments as :meth:`submit`.

        Returns the status NSG answers (its ``commandline`` shows what would run).

        Examples
        --------
        >>> Client("ada", "pw", "k", config="/nonexistent").validate("/nonexistent/job")
        Traceback (most recent call last):
        ...
        l2s.errors.InvalidValueError: job source '/nonexistent/job' is neither a file nor a folder
        """
        return self._post_job(source, script, True, force, runtime, params, client_job_id, email)

    def status(self, job: Job) -> JobStatus:
        """Return the current status of a job.

        Examples
        --------
        >>> Client("ada", "pw", "k", config="/nonexistent").status("")
        Traceback (most recent call last):
        ...
        l2s.errors.NSGError: job = '' is not an NSG job handle (e.g. NGBW-JOB-PY_CRI-...)
        """
        url = self.job_url(job)
        return job_status(self._xml("GET", url, job=_handle(job)))

    def list(self) -> List[JobStatus]:
        """Return the user's jobs, as NSG lists them.

        Examples
        --------
        >>> callable(Client("ada", "pw", "k", config="/nonexistent").list)
        True
        """
        return job_list(self._xml("GET", self._user_url(), params={"expand": "true"}))

    def watch(self, job: Job, *, interval: float = 10.0, max_interval: float = 300.0,
              timeout: Optional[float] = None) -> Iterator[JobStatus]:
        """Poll a job and yield its status each time its stage changes, until it ends.

        The final status is always yielded. Given a :class:`JobStatus`, its stage
        counts as already seen. Polls start ``interval`` seconds apart and double up to ``max_interval``.

        Raises
        ------
        NSGTimeoutError
            The job has not ended after ``timeout`` seconds (``None``: wait forever).

        Examples
        --------
        >>> it = Client("ada", "pw", "k", config="/nonexistent").watch("NGBW-JOB-1")
        >>> hasattr(it, "__next__")
        True
        """
        start = self._clock()
        delay = interval
        stage = job.stage if isinstance(job, JobStatus) else None  # the caller has seen it
        while True:
            current = self.status(job)
            if current.stage != stage or current.done:
                stage = current.stage
                yield current
            if current.done:
                return
            if timeout is not None and self._clock() - start + delay > timeout:
                raise NSGTimeoutError(
                    f"job {current.handle} is still at stage {current.stage} after waiting "
                    f"{timeout:g} s; it keeps running: wait again or check later with "
                    f"`l2s nsg status {current.handle}`")
            self._sleep(delay)
            delay = min(delay * 2, max_interval)

    def wait(self, job: Job, *, on_change: Optional[Callable[[JobStatus], None]] = None,
             interval: float = 10.0, max_interval: float = 300.0,
             timeout: Optional[float] = None) -> JobStatus:
        """Wait until a job ends and return its final status (see :meth:`watch`).

        ``on_change`` is called with each status whose stage differs from the last one.

        Examples
        --------
        >>> Client("ada", "pw", "k", config="/nonexistent").wait("a/b")
        Traceback (most recent call last):
        ...
        l2s.errors.NSGError: job = 'a/b' is not an NSG job handle (e.g. NGBW-JOB-PY_CRI-...)
        """
        for current in self.watch(job, interval=interval, max_interval=max_interval,
                                  timeout=timeout):
            if on_change is not None:
                on_change(current)
        return current  # watch yields at least once: the final status

    def results(self, job: Job) -> List[ResultFile]:
        """Return the output files of a finished job.

        Examples
        --------
        >>> callable(Client("ada", "pw", "k", config="/nonexistent").results)
        True
        """
        current = job if isinstance(job, JobStatus) and job.results_url else self.status(job)
        if not current.results_url:
            raise NSGError(f"job {current.handle} has no results yet (stage {current.stage}); "
                           "wait for it to complete")
        return result_files(self._xml("GET", current.results_url, job=current.handle))

    def fetch(self, job: Job, dest: PathLike, *, overwrite: bool = False,
              unpack: bool = True) -> Path:
        """Download every output file of a job into the folder ``dest``, unpacking archives.

        Files are downloaded into a temporary folder next to ``dest``, which is
        renamed to ``dest`` only when every file is complete: an interrupted
        fetch leaves no partial folder behind. Archives (``.tar.gz``, ``.tgz``,
        ``.tar``, ``.zip``) are unpacked in place of the archive.

        Raises
        ------
        NSGError
            ``dest`` exists (and ``overwrite`` is False), a download was cut
            short, or an archive holds unsafe paths.

        Examples
        --------
        >>> Client("ada", "pw", "k", config="/nonexistent").fetch("a/b", "out")
        Traceback (most recent call last):
        ...
        l2s.errors.NSGError: job = 'a/b' is not an NSG job handle (e.g. NGBW-JOB-PY_CRI-...)
        """
        dest = Path(dest)
        files = self.results(job)
        if dest.exists() and not overwrite:
            raise NSGError(f"{dest} already exists; choose another folder or pass "
                           "overwrite=True (--overwrite)")
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part"))
        try:
            for f in files:
                path = tmp / _safe_name(f.name)
                self._download(f, path)
                if unpack and f.name.endswith(_ARCHIVES):
                    _unpack(path, tmp)
                    path.unlink()
            if dest.exists():
                old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.old."))
                os.replace(dest, old / dest.name)
                os.replace(tmp, dest)
                shutil.rmtree(old)
            else:
                os.replace(tmp, dest)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return dest

    def _download(self, f: ResultFile, path: Path) -> None:
        import requests

        response = self._request("GET", f.url)
        declared = response.headers.get("Content-Length")
        expected = f.length if f.length >= 0 else int(declared) if declared else -1
        got = 0
        try:
            with open(path, "wb") as out:
                for chunk in response.iter_content(_CHUNK):
                    got += len(chunk)
                    out.write(chunk)
        except requests.exceptions.RequestException as exc:
            raise NSGConnectionError(f"download of {f.name} was cut short after {got} bytes "
                                     f"({type(exc).__name__}); fetch again") from None
        if expected >= 0 and got != expected:
            raise NSGConnectionError(f"download of {f.name} was cut short: got {got} of "
                                     f"{expected} bytes; fetch again")

    def cancel(self, job: Job) -> None:
        """Cancel a job (or delete a finished one and its results) on NSG.

        Examples
        --------
        >>> callable(Client("ada", "pw", "k", config="/nonexistent").cancel)
        True
        """
        self._request("DELETE", self.job_url(job), job=_handle(job)).close()


def _handle(job: Job) -> str:
    return (job.handle or "") if isinstance(job, JobStatus) else job.rstrip("/").rsplit("/", 1)[-1]


def _safe_name(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise NSGError(f"NSG listed an output file named {name!r}; refusing a name that is "
                       "not a plain file name")
    return name


def _member_path(root: Path, name: str) -> Path:
    target = (root / name).resolve()
    if os.path.isabs(name) or root.resolve() not in (target, *target.parents):
        raise NSGError(f"output archive member {name!r} points outside the results folder; "
                       "refusing to unpack it")
    return target


def _unpack(archive: Path, root: Path) -> None:
    """Unpack ``archive`` into ``root``: regular files and folders only, all inside ``root``."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                _member_path(root, info.filename)
            zf.extractall(root)
        return
    with tarfile.open(archive) as tf:
        members = tf.getmembers()
        for m in members:
            _member_path(root, m.name)
            if not (m.isfile() or m.isdir()):
                raise NSGError(f"output archive {archive.name} holds {m.name!r}, which is not "
                               "a regular file or folder; refusing to unpack it")
        for m in members:
            target = _member_path(root, m.name)
            if m.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tf.extractfile(m) as source, open(target, "wb") as out:  # type: ignore[union-attr]
                shutil.copyfileobj(source, out)
