"""The notebook display of a :class:`HardwareImage`: what every used core holds."""
from __future__ import annotations

from typing import Any, List, Optional

import numpy as np

from .. import _html
from .image import HardwareImage, image_argument
from .usage import hbm_usage

__all__ = ["image_html", "SHOWN_AT_EACH_END"]

#: Long core tables show this many used cores at each end.
SHOWN_AT_EACH_END = 8
_HEADER = ("core", "FPGA", "neurons", "axon slots", "synapse rows", "of capacity (%)",
           "words used (%)")


def image_html(image: HardwareImage) -> str:
    """The HTML display of a hardware image (``HardwareImage._repr_html_``).

    One row per used core: neurons, axon slots (input and relay axons),
    synapse rows against the core's HBM rows, and the share of the words of
    those rows that hold a synapse, route or spike-out word.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.hw import build_image
    >>> from l2s.partition import HardwareSpec, partition
    >>> compiled = random_recurrent(100, fanout=5).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2,
    ...                                                                neurons_per_core=64)))
    >>> image_html(image).count("<tr>")  # header and two cores
    3
    """
    image = image_argument(image)
    usage = hbm_usage(image)
    neurons = np.bincount(image.neuron_core, minlength=image.n_cores)
    slots = np.diff(image.axon_indptr)
    capacity = image.spec.hbm_rows_per_core
    used = image.used_cores.tolist()
    shown: List[Optional[int]] = list(used)
    if len(used) > 2 * SHOWN_AT_EACH_END + 1:
        shown = used[:SHOWN_AT_EACH_END] + [None] + used[-SHOWN_AT_EACH_END:]
    rows: List[Any] = [None if k is None else
                       [k, image.fpga_of(k), int(neurons[k]), int(slots[k]),
                        int(usage["synapse_rows"][k]),
                        f"{100 * usage['synapse_rows'][k] / capacity:.2f}",
                        f"{100 * usage['slot_utilisation'][k]:.1f}"] for k in shown]
    title = (f"HardwareImage: {image.n_neurons:,} neurons, {image.n_axons:,} input axons on "
             f"{len(used)} of {image.n_cores} cores, {image.synapse_rows.shape[0]:,} "
             f"synapse rows")
    return _html.block(title, _html.table(_HEADER, rows))
