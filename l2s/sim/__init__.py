"""Simulation of compiled networks (bit-exact to HARDWARE.md)."""
from .simulator import Simulator

__all__ = ["Simulator"]
