"""Decoding what the server sends, on the client side: one decoder of the union of frames.

An `ok` frame is decoded here only as far as its `re` (`replies.Ok`); the client decodes the
same bytes again as the reply type of the request it answers (`replies.REPLY_TO`).
"""

from __future__ import annotations

import msgspec

from server.protocol.events import AnyEvent, Status
from server.protocol.replies import Error, Ok
from server.protocol.welcome import Welcome

Pushed = AnyEvent | Status
"""What arrives without being asked for: broadcast events, and a phone's `status`."""
ServerMessage = Welcome | Ok | Error | Pushed

_decoder = msgspec.json.Decoder(ServerMessage)


def decode(raw: str | bytes) -> ServerMessage:
    """Raises `msgspec.DecodeError` for anything that is not a frame of a known type (a
    `msgspec.ValidationError` for an unknown `type`: a newer server's frame)."""
    frame: ServerMessage = _decoder.decode(raw)
    return frame
