"""The one exception the store raises for anything the database or the disk refused."""

from __future__ import annotations


class StoreError(Exception):
    """The event store cannot do what was asked; the message says why and what to do.

    Raised instead of `sqlite3.Error` (which never leaves the store), and always after the
    failed transaction was rolled back: nothing is ever half-written.
    """


class RecordError(StoreError):
    """The command names a clerk or device the database does not have, or would add a clerk
    it has already: nothing was changed, and the message says which command to use instead.
    (`rinda` exits with status 1 for these, 2 for every other problem.)"""
