"""The command group class: one-line errors, exit codes 0 / 1 (user error) / 2 (usage)."""
from __future__ import annotations

import sys
from typing import Any, NoReturn, Optional, Sequence

import click

from ..errors import L2SError

__all__ = ["Group", "USER_ERROR", "one_line"]

#: Exit code of a user error (bad file, key or value); click uses 2 for usage errors.
USER_ERROR = 1


def one_line(message: str) -> str:
    """``message`` on one line (an error is reported as exactly one stderr line)."""
    return " ".join(message.split())


class _UserError(click.ClickException):
    exit_code = USER_ERROR


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {one_line(message)}", err=True)
    sys.exit(code)


class Group(click.Group):
    """A click group that reports every error as one line ``error: ...`` on stderr.

    ``L2SError`` and ``OSError`` (user errors) exit with 1, click's usage
    errors with 2; ``--debug`` on the top-level group shows the traceback of
    user errors instead. Subgroups added with ``add_command`` inherit this.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (L2SError, OSError) as err:
            if ctx.find_root().params.get("debug"):
                raise
            raise _UserError(str(err)) from None

    def main(self, args: Optional[Sequence[str]] = None, prog_name: Optional[str] = None,
             **extra: Any) -> NoReturn:
        extra.pop("standalone_mode", None)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as err:
            hint = f" (see '{err.ctx.command_path} --help')" if err.ctx is not None else ""
            _fail(err.format_message() + hint, err.exit_code)
        except click.ClickException as err:
            _fail(err.format_message(), err.exit_code)
        except click.Abort:
            _fail("aborted", USER_ERROR)
        sys.exit(code if isinstance(code, int) else 0)
