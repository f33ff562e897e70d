"""The one exception the store raises for anything the database or the disk refused."""

from __future__ import annotations


class StoreError(Exception):
    """The event store cannot do what was asked; the message says why and what to do.

    Raised instead of `sqlite3.Error` (which never leaves the store), and always after the
    failed transaction was rolled back: nothing is ever half-written.
    """
