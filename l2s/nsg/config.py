"""Settings of the NSG client: arguments, then environment variables, then a settings file.

Each setting is looked up in this order, the first one found wins:

1. the argument given to :class:`l2s.nsg.Client` (or the command-line option);
2. the environment variable;
3. the settings file, ``~/.nsgrest.conf`` unless ``NSG_CONFIG`` names another
   (the file of NSG's own Python client, pynsgr: ``KEY=value`` lines, ``#``
   starts a comment);
4. the default.

=============  ==================  ===========  ============================================
setting        environment         file key     default
=============  ==================  ===========  ============================================
``username``   ``NSG_USERNAME``    USERNAME     (required)
``password``   ``NSG_PASSWORD``    PASSWORD     (required)
``appkey``     ``NSG_APPKEY``      APPID        (required: the REST application id)
``url``        ``NSG_URL``         URL          ``https://nsgr.sdsc.edu:8443/cipresrest/v1``
``tool``       ``NSG_TOOL``        TOOL         ``PY_CRI`` (see :data:`DEFAULT_TOOL`)
``ca_bundle``  ``NSG_CA_BUNDLE``   CA_BUNDLE    the system's certificate authorities
``appname``    ``NSG_APPNAME``     APPNAME      ``""`` (informational only)
=============  ==================  ===========  ============================================
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional, Union

from ..errors import NSGConfigError

__all__ = ["Settings", "load_settings", "read_settings_file", "DEFAULT_URL", "DEFAULT_TOOL",
           "SETTINGS_FILE", "ENVIRONMENT", "FILE_KEYS"]

#: NSG-R's base URL (the CIPRES REST framework of the Neuroscience Gateway).
DEFAULT_URL = "https://nsgr.sdsc.edu:8443/cipresrest/v1"

#: Tool id of "Python for CRI". NSG does not publish it: this is a best guess
#: following NSG's naming (``PY_EXPANSE``, ...). If NSG answers that the tool
#: is unknown, ask NSG support for the id and set ``NSG_TOOL`` or ``TOOL=``.
DEFAULT_TOOL = "PY_CRI"

#: Settings file read when ``NSG_CONFIG`` is not set.
SETTINGS_FILE = "~/.nsgrest.conf"

#: Environment variable of each setting.
ENVIRONMENT = {"username": "NSG_USERNAME", "password": "NSG_PASSWORD", "appkey": "NSG_APPKEY",
               "url": "NSG_URL", "tool": "NSG_TOOL", "ca_bundle": "NSG_CA_BUNDLE",
               "appname": "NSG_APPNAME"}

#: Key of each setting in the settings file (pynsgr's names where it has one).
FILE_KEYS = {"username": "USERNAME", "password": "PASSWORD", "appkey": "APPID", "url": "URL",
             "tool": "TOOL", "ca_bundle": "CA_BUNDLE", "appname": "APPNAME"}

#: A file system path as accepted by :func:`open`.
PathLike = Union[str, "os.PathLike[str]"]

_DEFAULTS = {"url": DEFAULT_URL, "tool": DEFAULT_TOOL, "ca_bundle": None, "appname": ""}


@dataclass(frozen=True)
class Settings:
    """Where and as whom to reach NSG. The password and the key never show in the repr.

    Examples
    --------
    >>> s = Settings(username="ada", password="secret", appkey="KEY123")
    >>> s
    Settings(username='ada', url='https://nsgr.sdsc.edu:8443/cipresrest/v1', tool='PY_CRI', ca_bundle=None, appname='')
    >>> "secret" in repr(s) or "KEY123" in repr(s)
    False
    """

    username: str
    password: str = field(repr=False)
    appkey: str = field(repr=False)
    url: str = DEFAULT_URL
    tool: str = DEFAULT_TOOL
    ca_bundle: Optional[str] = None
    appname: str = ""


def read_settings_file(path: PathLike) -> Dict[str, str]:
    """Return the ``KEY=value`` pairs of a pynsgr settings file (``{}`` if it does not exist).

    Blank lines and lines starting with ``#`` or ``!`` are skipped; ``KEY: value``
    is accepted too, as in Java properties files.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "nsgrest.conf")
    >>> _ = open(path, "w").write("# NSG\\nUSERNAME=ada\\nURL = https://example.org/v1\\n")
    >>> read_settings_file(path)
    {'USERNAME': 'ada', 'URL': 'https://example.org/v1'}
    """
    path = os.path.expanduser(os.fspath(path))
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            cut = min((i for i in (line.find("="), line.find(":")) if i > 0), default=-1)
            if cut < 0:
                raise NSGConfigError(f"{path}, line {number}: expected KEY=value, got a line "
                                     f"without '=' (keys: {', '.join(FILE_KEYS.values())})")
            out[line[:cut].strip()] = line[cut + 1:].strip()
    return out


def load_settings(config: Optional[PathLike] = None,
                  environ: Optional[Mapping[str, str]] = None, **given: Optional[str]) -> Settings:
    """Collect the settings from ``given`` arguments, the environment and the settings file.

    Parameters
    ----------
    config : path, optional
        Settings file; default ``$NSG_CONFIG`` or ``~/.nsgrest.conf``.
    environ : mapping, optional
        Environment to read (default ``os.environ``).
    **given
        Settings passed explicitly (``username``, ``password``, ``appkey``, ``url``,
        ``tool``, ``ca_bundle``, ``appname``); ``None`` means "not given".

    Raises
    ------
    NSGConfigError
        A required setting is found nowhere, or an argument name is unknown.

    Examples
    --------
    >>> env = {"NSG_USERNAME": "ada", "NSG_PASSWORD": "pw", "NSG_APPKEY": "k"}
    >>> load_settings(config="/nonexistent", environ=env, tool="MY_TOOL")
    Settings(username='ada', url='https://nsgr.sdsc.edu:8443/cipresrest/v1', tool='MY_TOOL', ca_bundle=None, appname='')
    """
    unknown = sorted(set(given) - set(ENVIRONMENT))
    if unknown:
        raise NSGConfigError(f"unknown NSG setting(s) {', '.join(unknown)}; "
                             f"known: {', '.join(ENVIRONMENT)}")
    environ = os.environ if environ is None else environ
    path = config if config is not None else environ.get("NSG_CONFIG", SETTINGS_FILE)
    from_file = read_settings_file(path)
    values = {}
    for name, var in ENVIRONMENT.items():
        for value in (given.get(name), environ.get(var), from_file.get(FILE_KEYS[name])):
            if value:
                values[name] = value
                break
        else:
            if name not in _DEFAULTS:
                raise NSGConfigError(
                    f"NSG {name} is not set: pass it, set {var}, or put {FILE_KEYS[name]}=... in "
                    f"{os.path.expanduser(os.fspath(path))} (see docs/nsg.md)")
            values[name] = _DEFAULTS[name]
    return Settings(**values)
