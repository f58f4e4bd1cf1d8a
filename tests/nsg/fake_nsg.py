"""A small NSG-R look-alike on 127.0.0.1 over HTTPS, for the client tests.

It answers with XML documents shaped like NSG-R's (jobstatus, joblist,
results, error), checks HTTP Basic authentication and the ``cipres-appkey``
header, parses the multipart upload and keeps it. Its behaviour can be bent
per test: answer the next requests with given status codes, stall, reject the
form with ``paramError`` entries, cut a download short.
"""
import base64
import email
import email.policy
import io
import ssl
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional
from xml.sax.saxutils import escape

BASE = "/cipresrest/v1"
USER, PASSWORD, APPKEY = "ada", "s3cret-PASSWORD-xyz", "APPKEY-abc123"


def output_archive() -> bytes:
    """A ``output.tar.gz`` holding ``myjob/out.txt`` as NSG returns a job's folder."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        data = b"spikes: 1 2 3\n"
        info = tarfile.TarInfo("myjob/out.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class Job:
    def __init__(self, handle: str, stages: List[str], failed: bool, client_job_id: str):
        self.handle = handle
        self.stages = list(stages)
        self.failed = failed
        self.client_job_id = client_job_id
        self.polls = 0
        self.files: Dict[str, bytes] = {"STDOUT": b"hello from CRI\n",
                                        "output.tar.gz": output_archive()}

    @property
    def stage(self) -> str:
        return self.stages[min(self.polls, len(self.stages) - 1)]

    @property
    def terminal(self) -> bool:
        return self.stage == "COMPLETED"


class FakeNSG(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, ssl_context: ssl.SSLContext):
        super().__init__(("127.0.0.1", 0), Handler)
        self.socket = ssl_context.wrap_socket(self.socket, server_side=True,
                                              do_handshake_on_connect=False)
        self.url = f"https://127.0.0.1:{self.server_address[1]}{BASE}"
        self.jobs: Dict[str, Job] = {}
        self.uploads: List[dict] = []
        self.requests: List[str] = []
        self.answer_next: List[int] = []      # status codes to answer before behaving
        self.stall = 0.0                       # seconds to sleep before answering
        self.released = threading.Event()      # ends stalls at teardown
        self.param_errors: Dict[str, str] = {}
        self.cut_short: Optional[str] = None   # output file sent only half
        self.stages = ["QUEUE", "INPUTSTAGING", "SUBMITTED", "LOAD_RESULTS", "COMPLETED"]
        self.fail_jobs = False

    def handle_error(self, request, client_address):  # quiet: refused handshakes are expected
        pass

    def add_job(self, stages: Optional[List[str]] = None, failed: bool = False,
                client_job_id: str = "job") -> Job:
        handle = f"NGBW-JOB-PY_CRI-{len(self.jobs) + 1:04d}"
        job = Job(handle, stages or self.stages, failed, client_job_id)
        self.jobs[handle] = job
        return job

    def job_url(self, job: Job) -> str:
        return f"{self.url}/job/{USER}/{job.handle}"

    def status_xml(self, job: Job) -> str:
        url = self.job_url(job)
        results = f"<resultsUri><url>{url}/output</url></resultsUri>" if job.terminal else ""
        return (f"<jobstatus><selfUri><url>{url}</url><title>{job.handle}</title></selfUri>"
                f"<jobHandle>{job.handle}</jobHandle><jobStage>{job.stage}</jobStage>"
                f"<terminalStage>{str(job.terminal).lower()}</terminalStage>"
                f"<failed>{str(job.failed and job.terminal).lower()}</failed>{results}"
                f"<metadata><entry><key>clientJobId</key><value>{escape(job.client_job_id)}"
                f"</value></entry></metadata><dateSubmitted>2026-01-01T00:00:00-08:00"
                f"</dateSubmitted><messages><message><stage>{job.stage}</stage>"
                f"<text>job is at {job.stage}</text></message></messages></jobstatus>")


def _error(message: str, code: int, params: Optional[Dict[str, str]] = None) -> str:
    entries = "".join(f"<paramError><param>{escape(p)}</param><error>{escape(e)}</error>"
                      f"</paramError>" for p, e in (params or {}).items())
    return f"<error><displayMessage>{escape(message)}</displayMessage><code>{code}</code>{entries}</error>"


class Handler(BaseHTTPRequestHandler):
    server: FakeNSG
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body, content_type: str = "application/xml") -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") == expected and \
                self.headers.get("cipres-appkey") == APPKEY:
            return True
        self._send(401, _error("Authentication Error: wrong user name, password or appkey", 1))
        return False

    def _prelude(self) -> bool:
        """Record the request, apply the bent behaviour; False if the answer was sent."""
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self.server.requests.append(f"{self.command} {self.path}")
        if self.server.stall:
            self.server.released.wait(self.server.stall)
        if self.server.answer_next:
            status = self.server.answer_next.pop(0)
            self._send(status, "<html>Service Unavailable</html>", "text/html")
            return False
        return self._authorised()

    def _job(self, handle: str) -> Optional[Job]:
        job = self.server.jobs.get(handle)
        if job is None:
            self._send(404, _error(f"Job {handle} not found.", 4))
        return job

    def _parts(self) -> List[str]:
        path = self.path.split("?", 1)[0]
        assert path.startswith(f"{BASE}/job/{USER}"), path
        return [p for p in path[len(f"{BASE}/job/{USER}"):].split("/") if p]

    def do_GET(self):
        if not self._prelude():
            return
        parts = self._parts()
        if not parts:
            jobs = "".join(self.server.status_xml(j) for j in self.server.jobs.values())
            return self._send(200, f"<joblist><title>Submitted Jobs</title><jobs>{jobs}</jobs></joblist>")
        job = self._job(parts[0])
        if job is None:
            return
        if len(parts) == 1:  # each poll moves the job one stage on
            job.polls += 1
            return self._send(200, self.server.status_xml(job))
        if len(parts) == 2:
            files = "".join(
                f"<jobfile><downloadUri><url>{self.server.job_url(job)}/output/{name}</url>"
                f"</downloadUri><filename>{name}</filename><length>{len(data)}</length></jobfile>"
                for name, data in job.files.items())
            return self._send(200, f"<results><jobfiles>{files}</jobfiles></results>")
        data = job.files[parts[2]]
        if parts[2] == self.server.cut_short:
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        return self._send(200, data, "application/octet-stream")

    def do_POST(self):
        if not self._prelude():
            return
        parts = self._parts()
        message = email.message_from_bytes(
            b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + self.body,
            policy=email.policy.HTTP)
        form, upload = {}, None
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename():
                upload = (part.get_filename(), part.get_payload(decode=True))
            else:
                form[name] = part.get_content()
        if self.server.param_errors:
            return self._send(400, _error("Form validation error.", 5, self.server.param_errors))
        if parts == ["validate"]:
            return self._send(200, f"<jobstatus><commandline>python {form.get('vparam.filename_')}"
                                   f"</commandline></jobstatus>")
        self.server.uploads.append({"form": form, "file": upload})
        job = self.server.add_job(failed=self.server.fail_jobs,
                                  client_job_id=form.get("metadata.clientJobId", ""))
        return self._send(200, self.server.status_xml(job))

    def do_DELETE(self):
        if not self._prelude():
            return
        parts = self._parts()
        if self._job(parts[0]) is None:
            return
        del self.server.jobs[parts[0]]
        self._send(200, "<message>deleted</message>")
