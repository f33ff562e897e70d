"""The event store: the only code that touches SQLite."""

from server.store.errors import StoreError
from server.store.events import EventStore

__all__ = ["EventStore", "StoreError"]
