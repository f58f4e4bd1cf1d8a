"""Parsing NSG-R's XML answers, safely, into small immutable records.

NSG-R (the CIPRES REST framework) answers with XML documents:

- ``<jobstatus>``: ``jobHandle``, ``jobStage``, ``terminalStage``, ``failed``,
  ``selfUri/url``, ``resultsUri/url``, ``dateSubmitted``, ``commandline``,
  ``messages/message/(stage, text)``, ``metadata/entry/(key, value)``;
- ``<joblist><jobs><jobstatus>...``: the user's jobs;
- ``<results><jobfiles><jobfile>``: ``filename``, ``length``, ``downloadUri/url``;
- ``<error>``: ``displayMessage``, ``code`` and, for a rejected form,
  ``paramError/(param, error)`` entries.

Documents are parsed by expat into :mod:`xml.etree.ElementTree` elements; a
DOCTYPE or ENTITY declaration stops the parse the moment it is met, before any
entity can be defined or expanded (no "billion laughs"), and documents over
:data:`MAX_XML_BYTES` are refused unread.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ..errors import NSGError

__all__ = ["JobStatus", "ResultFile", "ErrorInfo", "parse_xml", "job_status", "job_list",
           "result_files", "error_info", "MAX_XML_BYTES"]

#: Largest XML answer accepted (bytes).
MAX_XML_BYTES = 4 * 1024 * 1024


class _Forbidden(Exception):
    pass


def _forbid(*_args: object) -> None:
    raise _Forbidden()


def parse_xml(data: bytes, limit: int = MAX_XML_BYTES) -> ET.Element:
    """Parse an XML document, refusing DTDs, entity declarations and oversized input.

    Raises
    ------
    NSGError
        The document is too large, declares a DOCTYPE or an ENTITY, or is not XML.

    Examples
    --------
    >>> parse_xml(b"<jobstatus><jobStage>QUEUE</jobStage></jobstatus>").findtext("jobStage")
    'QUEUE'
    >>> parse_xml(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    Traceback (most recent call last):
    ...
    l2s.errors.NSGError: refusing an NSG answer that declares a DOCTYPE or ENTITY (not sent by NSG-R)
    """
    if len(data) > limit:
        raise NSGError(f"NSG answer is {len(data)} bytes, more than the {limit} allowed for XML")
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    try:
        parser.Parse(data, True)
        return builder.close()
    except _Forbidden:
        raise NSGError("refusing an NSG answer that declares a DOCTYPE or ENTITY "
                       "(not sent by NSG-R)") from None
    except expat.ExpatError as exc:
        raise NSGError(f"NSG answered something that is not XML ({exc})") from None


def _url(elem: ET.Element, tag: str) -> Optional[str]:
    text = elem.findtext(f"{tag}/url")
    return text.strip() if text else None


def _flag(elem: ET.Element, tag: str) -> bool:
    return (elem.findtext(tag) or "").strip().lower() == "true"


@dataclass(frozen=True)
class JobStatus:
    """State of one NSG job as NSG last reported it.

    Examples
    --------
    >>> doc = b'''<jobstatus><jobHandle>NGBW-JOB-1</jobHandle><jobStage>QUEUE</jobStage>
    ...   <terminalStage>false</terminalStage><failed>false</failed></jobstatus>'''
    >>> job = job_status(parse_xml(doc))
    >>> job.handle, job.stage, job.done
    ('NGBW-JOB-1', 'QUEUE', False)
    """

    handle: Optional[str]
    stage: Optional[str]
    url: Optional[str] = None
    results_url: Optional[str] = None
    terminal: bool = False
    failed: bool = False
    date_submitted: Optional[str] = None
    commandline: Optional[str] = None
    messages: Tuple[str, ...] = ()
    metadata: Tuple[Tuple[str, str], ...] = ()

    @property
    def done(self) -> bool:
        """True once the job has stopped (completed or failed): polling can end.

        Examples
        --------
        >>> doc = (b"<jobstatus><jobHandle>NGBW-JOB-PY_CRI-1</jobHandle><jobStage>QUEUE</jobStage>"
        ...        b"<terminalStage>false</terminalStage><failed>false</failed><metadata><entry>"
        ...        b"<key>clientJobId</key><value>run-7</value></entry></metadata></jobstatus>")
        >>> job_status(parse_xml(doc)).done
        False
        """
        return self.terminal

    @property
    def client_job_id(self) -> Optional[str]:
        """The ``clientJobId`` given at submission, if any.

        Examples
        --------
        >>> doc = (b"<jobstatus><jobHandle>NGBW-JOB-PY_CRI-1</jobHandle><jobStage>QUEUE</jobStage>"
        ...        b"<terminalStage>false</terminalStage><failed>false</failed><metadata><entry>"
        ...        b"<key>clientJobId</key><value>run-7</value></entry></metadata></jobstatus>")
        >>> job_status(parse_xml(doc)).client_job_id
        'run-7'
        """
        return dict(self.metadata).get("clientJobId")


@dataclass(frozen=True)
class ResultFile:
    """One output file of a job: its name, size in bytes (-1 if unknown) and download URL.

    Examples
    --------
    >>> ResultFile("STDOUT", 12, "https://h/f/1").length
    12
    """

    name: str
    length: int
    url: str


@dataclass(frozen=True)
class ErrorInfo:
    """Content of an ``<error>`` answer.

    Examples
    --------
    >>> error_info(parse_xml(b"<error><displayMessage>bad</displayMessage><code>5</code></error>"))
    ErrorInfo(message='bad', code=5, param_errors=())
    """

    message: str
    code: Optional[int] = None
    param_errors: Tuple[Tuple[str, str], ...] = ()


def job_status(elem: ET.Element) -> JobStatus:
    """Read a ``<jobstatus>`` element.

    Examples
    --------
    >>> doc = (b"<jobstatus><jobHandle>NGBW-JOB-PY_CRI-1</jobHandle><jobStage>QUEUE</jobStage>"
    ...        b"<terminalStage>false</terminalStage><failed>false</failed><metadata><entry>"
    ...        b"<key>clientJobId</key><value>run-7</value></entry></metadata></jobstatus>")
    >>> job = job_status(parse_xml(doc))
    >>> job.handle, job.stage, job.failed
    ('NGBW-JOB-PY_CRI-1', 'QUEUE', False)
    """
    messages = tuple(
        ": ".join(t for t in ((m.findtext("stage") or "").strip(), (m.findtext("text") or "").strip())
                  if t)
        for m in elem.findall("messages/message"))
    metadata = tuple(((e.findtext("key") or "").strip(), (e.findtext("value") or "").strip())
                     for e in elem.findall("metadata/entry"))
    return JobStatus(
        handle=(elem.findtext("jobHandle") or "").strip() or None,
        stage=(elem.findtext("jobStage") or "").strip() or None,
        url=_url(elem, "selfUri"),
        results_url=_url(elem, "resultsUri"),
        terminal=_flag(elem, "terminalStage"),
        failed=_flag(elem, "failed"),
        date_submitted=(elem.findtext("dateSubmitted") or "").strip() or None,
        commandline=(elem.findtext("commandline") or "").strip() or None,
        messages=messages,
        metadata=metadata,
    )


def job_list(elem: ET.Element) -> List[JobStatus]:
    """Read a ``<joblist>`` element into one :class:`JobStatus` per job.

    Examples
    --------
    >>> doc = (b"<jobstatus><jobHandle>NGBW-JOB-PY_CRI-1</jobHandle><jobStage>QUEUE</jobStage>"
    ...        b"<terminalStage>false</terminalStage><failed>false</failed><metadata><entry>"
    ...        b"<key>clientJobId</key><value>run-7</value></entry></metadata></jobstatus>")
    >>> [job.handle for job in job_list(parse_xml(b"<joblist><jobs>" + doc + b"</jobs></joblist>"))]
    ['NGBW-JOB-PY_CRI-1']
    """
    return [job_status(e) for e in elem.findall("jobs/jobstatus")]


def result_files(elem: ET.Element) -> List[ResultFile]:
    """Read a ``<results>`` element into one :class:`ResultFile` per output file.

    Examples
    --------
    >>> doc = b'''<results><jobfiles><jobfile><filename>STDOUT</filename><length>12</length>
    ...   <downloadUri><url>https://h/f/1</url></downloadUri></jobfile></jobfiles></results>'''
    >>> result_files(parse_xml(doc))
    [ResultFile(name='STDOUT', length=12, url='https://h/f/1')]
    """
    out = []
    for f in elem.findall("jobfiles/jobfile"):
        name = (f.findtext("filename") or "").strip()
        url = _url(f, "downloadUri")
        if not name or not url:
            raise NSGError("NSG listed an output file without a filename or a downloadUri")
        length = (f.findtext("length") or "").strip()
        out.append(ResultFile(name=name, length=int(length) if length.isdigit() else -1, url=url))
    return out


def error_info(elem: ET.Element) -> ErrorInfo:
    """Read an ``<error>`` element (``displayMessage``, ``code``, ``paramError`` entries).

    Examples
    --------
    >>> doc = b'''<error><displayMessage>Form validation error.</displayMessage><code>5</code>
    ...   <paramError><param>runtime_</param><error>must be at most 2</error></paramError></error>'''
    >>> error_info(parse_xml(doc))
    ErrorInfo(message='Form validation error.', code=5, param_errors=(('runtime_', 'must be at most 2'),))
    """
    code = (elem.findtext("code") or "").strip()
    params: Dict[str, str] = {}
    for p in elem.findall("paramError"):
        params[(p.findtext("param") or "?").strip()] = (p.findtext("error") or "").strip()
    return ErrorInfo(message=(elem.findtext("displayMessage") or "").strip(),
                     code=int(code) if code.lstrip("-").isdigit() else None,
                     param_errors=tuple(params.items()))
