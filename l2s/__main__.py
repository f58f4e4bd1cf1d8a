"""``python -m l2s``: the ``l2s`` command line."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="l2s")
