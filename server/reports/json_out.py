"""Reports as JSON: the list of `Report` structs exactly as the manager's `report` request
carries them on the wire (server/protocol/reports.py), for scripts and other tools."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from server.protocol.reports import Report


def to_json(reports: Sequence[Report]) -> bytes:
    """Indented, one field a line, and ending with a newline."""
    return msgspec.json.format(msgspec.json.encode(list(reports)), indent=2) + b"\n"
