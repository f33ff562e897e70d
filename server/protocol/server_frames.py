"""Decoding what the server sends, on the client side: one decoder of the union of frames.

An `ok` frame is decoded here only as far as its `re` (`replies.Ok`); the client decodes the
same bytes again as the reply type of the request it answers (`replies.REPLY_TO`).
"""

from __future__ import annotations

import logging
import typing

import msgspec

from server.protocol.events import AnyEvent, Status
from server.protocol.replies import Error, Ok
from server.protocol.welcome import Welcome

Pushed = AnyEvent | Status
"""What arrives without being asked for: broadcast events, and a phone's `status`."""
ServerMessage = Welcome | Ok | Error | Pushed

_decoder = msgspec.json.Decoder(ServerMessage)
logger = logging.getLogger("rinda.client")


def decode(raw: str | bytes) -> ServerMessage:
    """Raises `msgspec.DecodeError` for anything that is not a frame of a known type (a
    `msgspec.ValidationError` for an unknown `type`: a newer server's frame)."""
    frame: ServerMessage = _decoder.decode(raw)
    return frame


class _Envelope(msgspec.Struct):
    type: str = ""


_KNOWN = frozenset(str(k.__struct_config__.tag) for k in typing.get_args(ServerMessage))


def kind(frame: ServerMessage) -> str:
    return str(frame.__struct_config__.tag)


def read(raw: str | bytes) -> ServerMessage | None:
    """The frame, or None for one a client cannot use: logged, never fatal, so that a newer
    server's new frame types (and new fields, which msgspec skips) do not break an older app."""
    try:
        return decode(raw)
    except msgspec.DecodeError as e:
        try:
            found = msgspec.json.decode(raw, type=_Envelope).type
        except msgspec.DecodeError:
            logger.debug("ignoring a frame that is not a JSON object: %.60r", raw)
            return None
        if found not in _KNOWN:
            logger.debug("ignoring a frame of unknown type %.40r", found)
        else:
            logger.warning("ignoring a %r frame that does not fit the protocol: %s", found, e)
        return None
