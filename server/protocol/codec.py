"""Decoding client frames at the edge, with an error code that says what was wrong."""

from __future__ import annotations

from typing import Any

import msgspec

from server.protocol.codes import ErrorCode
from server.protocol.messages import TYPES, ClientFrame


class FrameError(Exception):
    def __init__(self, code: ErrorCode, message: str, request_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id


_decoder = msgspec.json.Decoder(ClientFrame)
_any = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder()


def encode(obj: Any) -> str:
    return _encoder.encode(obj).decode()


def decode(raw: str | bytes) -> ClientFrame:
    try:
        frame: ClientFrame = _decoder.decode(raw)
        return frame
    except msgspec.DecodeError as e:
        raise _explain(raw, e) from None


def _explain(raw: str | bytes, e: msgspec.DecodeError) -> FrameError:
    """Only on the failure path: look again to tell bad JSON, unknown type and bad fields apart."""
    try:
        obj = _any.decode(raw)
    except msgspec.DecodeError:
        return FrameError("bad_frame", "The frame is not valid JSON.")
    if not isinstance(obj, dict):
        return FrameError("bad_frame", "A frame must be a JSON object.")
    rid = obj.get("id")
    rid = rid if isinstance(rid, str) and 0 < len(rid) <= 64 else None
    kind = obj.get("type")
    if not isinstance(kind, str):
        return FrameError("bad_frame", 'A frame needs a "type" field with a string.', rid)
    if kind not in TYPES:
        return FrameError("unknown_type", f'There is no frame type "{kind[:40]}".', rid)
    text = str(e)
    if " - at `$" in text:
        problem, _, where = text.partition(" - at `$")
        text = f"{where.rstrip('`').lstrip('.')}: {problem}"
    return FrameError("invalid_field", f"{kind}: {text}.", rid)
