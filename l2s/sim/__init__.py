"""Simulation of compiled networks (bit-exact to HARDWARE.md), in one process or over MPI."""
from .distributed import DistributedSimulator
from .simulator import Simulator

__all__ = ["Simulator", "DistributedSimulator"]
