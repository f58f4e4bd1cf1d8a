"""The benchmarks page's figure, drawn from the tables of simulator.md and partition.md.

The numbers are read from the pages at build time, so the figure shows what
the tables say (update a table after ``make bench`` and the figure follows).
"""
import os
import re

import matplotlib.pyplot as plt
import numpy as np

# The plot directive runs this from docs/_scripts (its working directory).
HERE = os.path.dirname(os.path.abspath(globals().get("__file__", "bench_figure.py")))
DOCS = next(d for d in (HERE, os.path.dirname(HERE), os.getcwd(), os.path.dirname(os.getcwd()))
            if os.path.exists(os.path.join(d, "simulator.md")))


def table_rows(page, first_cell):
    """The cells of the Markdown table rows of ``page`` whose first cell matches."""
    with open(os.path.join(DOCS, page)) as f:
        rows = [[c.strip() for c in line.strip().strip("|").split("|")]
                for line in f if line.startswith("|")]
    return [r for r in rows if re.match(first_cell, r[0])]


def number(cell):
    return float(cell.replace(",", "").split()[0]) if cell.strip("- ") else np.nan


sim = table_rows("simulator.md", r"1e\d")
part = table_rows("partition.md", r"(grid .*|)METIS cut /")

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained",
                                  gridspec_kw={"width_ratios": [3, 2]})
labels = ["L2S 1 thread", "L2S 2 threads", "Brian2 numpy", "Brian2 cpp_standalone"]
x = np.arange(len(sim))
for k, label in enumerate(labels):
    values = [number(row[2 + k]) for row in sim]
    left.bar(x + (k - 1.5) * 0.2, values, 0.2, label=label)
left.set_xticks(x, [f"N = {row[0]}\n{row[1]} steps" for row in sim])
left.set_yscale("log")
left.set_ylabel("synaptic events / s")
left.set_title("Simulator throughput (simulator.md)")
left.legend(fontsize="small")

names = [re.sub(r"^grid .*?: ", "", row[0]).replace("plain PyMetis on the same graph", "PyMetis")
         for row in part]
measured = [number(row[1]) for row in part]
target = [number(row[2].replace("<=", "")) for row in part]
y = np.arange(len(part))
right.barh(y, measured, 0.4, label="measured", color="tab:blue")
right.barh(y + 0.4, target, 0.4, label="target (at most)", color="lightgrey")
right.set_yticks(y + 0.2, names)
right.invert_yaxis()
right.set_xscale("log")
right.set_xlabel("cut ratio (lower is better)")
right.set_title("METIS on a 300 x 300 grid (partition.md)")
right.set_xlim(0.005, 2)
right.legend(fontsize="small")
