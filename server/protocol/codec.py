"""Decoding client frames at the edge, with an error code that says what was wrong.

Everything here reads bytes from strangers: an error message quotes at most a short, escaped
excerpt of what was sent (a 64 kB value must not come back 64 kB long, nor a newline in it
forge a line in the server's log), and no input, however nested or mis-encoded, raises
anything but `FrameError`.
"""

from __future__ import annotations

from typing import Any

import msgspec

from server.protocol.codes import ErrorCode
from server.protocol.messages import TYPES, ClientFrame

# The most characters of a client's own text an error message or a log line quotes.
ECHO_CHARS = 40


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


def excerpt(text: str, limit: int = ECHO_CHARS) -> str:
    """At most `limit` characters of untrusted `text`, control characters escaped (`\\n`),
    with "…" when it was longer: safe to put in a reply or a log line."""
    head = text[:limit]
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in head)
    return shown + "…" if len(text) > limit else shown


def decode(raw: str | bytes) -> ClientFrame:
    try:
        frame: ClientFrame = _decoder.decode(raw)
        return frame
    except msgspec.DecodeError as e:
        raise _explain(raw, e) from None
    except RecursionError:
        # msgspec descends once per level and stops at the interpreter's recursion limit;
        # no frame of this protocol nests more than three levels.
        raise FrameError("bad_frame", "The frame is nested too deeply.") from None
    except UnicodeDecodeError:
        # Only a binary frame can get here: a text frame's UTF-8 is checked by websockets.
        raise FrameError("bad_frame", "The frame is not valid UTF-8.") from None


def _explain(raw: str | bytes, e: msgspec.DecodeError) -> FrameError:
    """Only on the failure path: look again to tell bad JSON, unknown type and bad fields apart."""
    try:
        obj = _any.decode(raw)
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        return FrameError("bad_frame", "The frame is not valid JSON.")
    if not isinstance(obj, dict):
        return FrameError("bad_frame", "A frame must be a JSON object.")
    rid = obj.get("id")
    rid = rid if isinstance(rid, str) and 0 < len(rid) <= 64 else None
    kind = obj.get("type")
    if not isinstance(kind, str):
        return FrameError("bad_frame", 'A frame needs a "type" field with a string.', rid)
    if kind not in TYPES:
        return FrameError("unknown_type", f'There is no frame type "{excerpt(kind)}".', rid)
    problem, _, where = str(e).partition(" - at `$")
    # msgspec quotes the offending value in `problem`: only its start goes back.
    text = excerpt(problem, 2 * ECHO_CHARS)
    if where:
        text = f"{excerpt(where.rstrip('`').lstrip('.'))}: {text}"
    return FrameError("invalid_field", f"{kind}: {text}.", rid)
