"""Rinda: the queue server of a client service centre."""

__version__ = "0.1.0"
