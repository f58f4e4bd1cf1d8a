"""Lazy import of the optional ``nir`` package (``import l2s`` never imports it)."""
from __future__ import annotations

from types import ModuleType

from ..errors import TargetUnavailableError

__all__ = ["require_nir"]


def require_nir() -> ModuleType:
    """Return the ``nir`` module, or raise a clear error saying how to install it."""
    try:
        import nir
    except ImportError as exc:  # pragma: no cover - nir is installed in the test env
        raise TargetUnavailableError(
            'NIR support needs the nir package: pip install "l2s[nir]"') from exc
    return nir
