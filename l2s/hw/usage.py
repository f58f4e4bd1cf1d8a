"""How full each core's HBM is: rows per region and synapse-slot utilisation."""
from __future__ import annotations

from typing import Dict

import numpy as np

from .image import HardwareImage, image_argument
from ..machine.geometry import WORDS_PER_ROW

__all__ = ["hbm_usage", "REGIONS"]

#: The HBM regions of a core, in address order.
REGIONS = ("axon_pointer_rows", "neuron_pointer_rows", "synapse_rows")


def hbm_usage(image: HardwareImage) -> Dict[str, np.ndarray]:
    """Per-core HBM usage of an image (one entry per core of the spec).

    Returns
    -------
    dict of numpy.ndarray (int64, or float64 for ``slot_utilisation``)
        ``axon_pointer_rows`` and ``neuron_pointer_rows``: rows of the pointer
        regions in use (8 pointers per row); ``synapse_rows``: rows used from
        ``SYN_BASE``; ``used_slots``: non-zero words in those rows (synapse,
        route and spike-out words; a zero-weight synapse onto local row 0 is
        indistinguishable from an empty slot and is not counted);
        ``slot_utilisation``: ``used_slots / (8 * synapse_rows)``, 0 where a
        core has no rows.

    Examples
    --------
    >>> from l2s.examples import random_recurrent
    >>> from l2s.partition import HardwareSpec, partition
    >>> from l2s.hw import build_image
    >>> compiled = random_recurrent(200, fanout=10).compile()
    >>> image = build_image(compiled, partition(compiled, HardwareSpec(cores_per_fpga=2,
    ...                                                                neurons_per_core=128)))
    >>> usage = hbm_usage(image)
    >>> int(usage["synapse_rows"].sum()) == image.synapse_rows.shape[0]
    True
    >>> bool(((usage["slot_utilisation"] > 0) & (usage["slot_utilisation"] <= 1)).all())
    True
    """
    image = image_argument(image)
    rows = np.diff(image.row_indptr)
    nonzero = np.count_nonzero(image.synapse_rows, axis=1)
    per_row_core = np.repeat(np.arange(rows.size), rows)
    used = np.bincount(per_row_core, weights=nonzero, minlength=rows.size).astype(np.int64)
    capacity = WORDS_PER_ROW * rows
    return {
        "axon_pointer_rows": -(-np.diff(image.axon_indptr) // WORDS_PER_ROW),
        "neuron_pointer_rows": -(-np.diff(image.neuron_indptr) // WORDS_PER_ROW),
        "synapse_rows": rows,
        "used_slots": used,
        "slot_utilisation": np.divide(used, capacity, out=np.zeros(rows.size),
                                      where=capacity > 0),
    }
