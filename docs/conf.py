"""Sphinx configuration of the L2S documentation (``make docs``).

Pages are the Markdown files of ``docs/`` (MyST, parsed in place), the
quickstart notebook (executed at every build), the gallery
(``docs/gallery/plot_*.py``, run at every build) and the API reference,
generated from ``__all__`` by ``docs/_ext/l2s_reference.py``.
See ``docs/CONTRIBUTING-docs.md`` for how to add a page or a package.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "_ext"))
sys.path.insert(0, os.path.dirname(HERE))  # this checkout's l2s, installed or not

import l2s  # noqa: E402

project = "L2S"
author = "the L2S developers"
copyright = "the L2S developers"
release = l2s.__version__
version = release

extensions = [
    "myst_nb",                      # Markdown pages (MyST) and executed notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",                     # numpy-style docstrings
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
    "l2s_reference",                # docs/_ext: the API reference from __all__
]

# The API reference: one page per package, listed here and nowhere else. A
# package whose optional dependency is missing gets a page saying so.
l2s_reference_packages = [
    "l2s",
    "l2s.graph",
    "l2s.sim",
    "l2s.partition",
    "l2s.machine",
    "l2s.hw",
    "l2s.plot",
    "l2s.api",
    "l2s.neuron_models",
    "l2s.nir",
    "l2s.nsg",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "gallery/GALLERY_HEADER.rst",
                    "auto_examples/*.ipynb", "auto_examples/*.py", "auto_examples/*.zip",
                    "auto_examples/*.md5", "auto_examples/*.codeobj.json"]
templates_path = ["_templates"]

# MyST: the existing pages use `code`, tables and ```python fences.
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

# Notebooks run at every build, so they never drift from the code.
nb_execution_mode = "force"
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

# autodoc / autosummary / numpydoc
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"          # the numpy docstrings give the types
numpydoc_show_class_members = False   # the class template lists members itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "matplotlib": ("https://matplotlib.org/stable", None),
    "networkx": ("https://networkx.org/documentation/stable", None),
}
# Offline builds must still succeed: intersphinx is used only when
# L2S_DOCS_INTERSPHINX=1 (a failed inventory fetch is a warning, and -W fails).
if os.environ.get("L2S_DOCS_INTERSPHINX") != "1":
    extensions.remove("sphinx.ext.intersphinx")
    del intersphinx_mapping

# The gallery: every docs/gallery/plot_*.py runs at build time.
sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "image_scrapers": ("matplotlib",),
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "min_reported_time": 1,
}

# The benchmarks page draws its figure from the tables of the pages.
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"figure.autolayout": False}

html_theme = "pydata_sphinx_theme"
html_title = f"L2S {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False
html_static_path = []
