"""Small well-formed XHTML building blocks for the notebook displays (``_repr_html_``).

Every value passed in is escaped here, so user strings (population names,
neuron keys) can never inject markup; numbers are formatted with thousands
separators. The output parses with :mod:`xml.etree.ElementTree`, which the
tests use to read the numbers back.
"""
from __future__ import annotations

import base64
import html
import io
import numbers
from typing import Any, Iterable, Mapping, Optional, Sequence

__all__ = ["cell", "table", "fields", "block", "png"]

#: Inline style of every display: compact, left-aligned, readable in light and dark themes.
_TABLE_STYLE = "border-collapse: collapse; text-align: right; font-size: 90%"


def cell(value: Any) -> str:
    """One value as escaped text: integers with thousands separators, floats to 4 digits.

    Examples
    --------
    >>> cell(1234567), cell(0.123456), cell("<a & b>"), cell(True)
    ('1,234,567', '0.1235', '&lt;a &amp; b&gt;', 'True')
    """
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, numbers.Integral):
        text = f"{int(value):,}"
    elif isinstance(value, numbers.Real):
        text = f"{float(value):.4g}"
    else:
        text = str(value)
    return html.escape(text, quote=True)


def table(header: Sequence[Any], rows: Iterable[Sequence[Any]],
          caption: Optional[str] = None) -> str:
    """A ``<table>`` with one header row; every cell goes through :func:`cell`.

    A row that is ``None`` becomes one ``...`` row (cores left out of a long table).

    Examples
    --------
    >>> text = table(["core", "neurons"], [[0, 1500], None, [7, 12]])
    >>> text.count("<tr>"), "<td>0</td><td>1,500</td>" in text, '<td colspan="2">...</td>' in text
    (4, True, True)
    """
    head = "".join(f"<th>{cell(h)}</th>" for h in header)
    body = []
    for row in rows:
        if row is None:
            body.append(f'<tr><td colspan="{len(header)}">...</td></tr>')
        else:
            body.append("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>")
    top = f"<caption>{cell(caption)}</caption>" if caption else ""
    return (f'<table style="{_TABLE_STYLE}">{top}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def fields(values: Mapping[str, Any]) -> str:
    """A two-column table of ``name: value`` pairs (the header facts of a display).

    Examples
    --------
    >>> text = fields({"neurons": 3, "key": "('exc', 2)"})
    >>> "<th>neurons</th><td>3</td>" in text, "<th>key</th><td>(&#x27;exc&#x27;, 2)</td>" in text
    (True, True)
    """
    body = "".join(f"<tr><th>{cell(k)}</th><td>{cell(v)}</td></tr>" for k, v in values.items())
    return f'<table style="{_TABLE_STYLE}"><tbody>{body}</tbody></table>'


def block(title: str, *parts: str) -> str:
    """A display: an escaped bold title, then the (already built) parts, in one ``<div>``.

    Examples
    --------
    >>> block("Network <1>", "<p>x</p>")
    '<div class="l2s-repr"><strong>Network &lt;1&gt;</strong><p>x</p></div>'
    """
    return f'<div class="l2s-repr"><strong>{cell(title)}</strong>{"".join(parts)}</div>'


def png(fig: Any, alt: str, dpi: int = 72) -> str:
    """A matplotlib figure as an inline base64 PNG ``<img/>``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(1, 1))
    >>> png(fig, "empty").startswith('<img alt="empty" src="data:image/png;base64,iVBOR')
    True
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{cell(alt)}" src="data:image/png;base64,{data}"/>'
