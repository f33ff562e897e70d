"""One read of one centre: `GET /live` over HTTP/1.1 (h11 on an asyncio connection), the
whole exchange within a timeout and the answer within a size bound, TLS verified against the
system's CAs or the centre's own (watch/centres.py). Whatever goes wrong becomes a `Failure`
saying what kind (unreachable, refused, garbled) and why in a few words; nothing here raises,
so one centre's trouble is only that centre's row.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass
from typing import Literal

import h11
import msgspec

from server import __version__
from server.protocol.codec import excerpt
from server.protocol.live import Live, decode_live
from watch.centres import Watched

# A centre's /live is a few kB; 256 kB is room for hundreds of services and nothing more.
MAX_ANSWER_BYTES = 256 * 1024
TIMEOUT_S = 5.0

Kind = Literal["unreachable", "refused", "garbled"]


@dataclass(frozen=True)
class Failure:
    kind: Kind
    # Why, as a catalog key (`why.<reason>`), and what it names (plain text, short).
    reason: str
    detail: str = ""


class _Failed(Exception):
    def __init__(self, failure: Failure) -> None:
        self.failure = failure


async def read_live(
    centre: Watched, timeout_s: float = TIMEOUT_S, limit: int = MAX_ANSWER_BYTES
) -> Live | Failure:
    try:
        async with asyncio.timeout(timeout_s):
            status, body = await _get(centre, limit)
    except _Failed as e:
        return e.failure
    except TimeoutError:
        return Failure("unreachable", "timeout", f"{timeout_s:g}")
    except ssl.SSLCertVerificationError as e:
        return Failure("unreachable", "untrusted", excerpt(str(e.verify_message), 80))
    except ssl.SSLError as e:
        return Failure("unreachable", "tls", excerpt(str(e.reason or e), 80))
    except socket.gaierror:
        return Failure("unreachable", "unknown_host", excerpt(centre.host, 60))
    except ConnectionRefusedError:
        return Failure("unreachable", "connection_refused")
    except OSError as e:
        return Failure("unreachable", "network", excerpt(e.strerror or str(e), 80))
    except Exception as e:  # anything unforeseen costs this centre's row, not the whole watch
        return Failure("unreachable", "error", excerpt(f"{type(e).__name__}: {e}", 80))
    if status in (401, 403):
        return Failure("refused", "forbidden")
    if status != 200:
        return Failure("garbled", "status", str(status))
    try:
        return decode_live(body)
    except msgspec.DecodeError as e:  # ValidationError is one
        return Failure("garbled", "not_live", excerpt(str(e), 80))


async def _get(centre: Watched, limit: int) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection(
        centre.host,
        centre.port,
        ssl=centre.tls,
        server_hostname=centre.host if centre.tls else None,
    )
    try:
        conn = h11.Connection(h11.CLIENT)
        request = h11.Request(
            method="GET",
            target=centre.path,
            headers=[
                ("Host", centre.host_header),
                ("Authorization", f"Bearer {centre.token}"),
                ("Accept", "application/json"),
                ("User-Agent", f"rinda-watch/{__version__}"),
                ("Connection", "close"),
            ],
        )
        writer.write(conn.send(request) + conn.send(h11.EndOfMessage()))
        await writer.drain()
        return await _answer(conn, reader, limit)
    finally:
        # At once, answered or not: a TLS goodbye the centre never sends back must not turn
        # a whole answer into a timeout.
        writer.transport.abort()


async def _answer(
    conn: h11.Connection, reader: asyncio.StreamReader, limit: int
) -> tuple[int, bytes]:
    status, body, received = 0, bytearray(), 0
    while True:
        try:
            event = conn.next_event()
        except h11.RemoteProtocolError:
            # Closed before a whole answer (nothing at all, or a body cut short), or not HTTP.
            cut = status or not received
            raise _Failed(Failure("garbled", "cut_short" if cut else "not_http")) from None
        if event is h11.NEED_DATA:
            data = await reader.read(16 * 1024)
            received += len(data)
            conn.receive_data(data)
        elif isinstance(event, h11.Response):
            status = event.status_code
            length = dict(event.headers).get(b"content-length", b"0")
            if length.isdigit() and int(length) > limit:
                raise _Failed(Failure("garbled", "too_large", str(limit // 1024)))
        elif isinstance(event, h11.Data):
            body += event.data
            if len(body) > limit:
                raise _Failed(Failure("garbled", "too_large", str(limit // 1024)))
        elif isinstance(event, h11.EndOfMessage):
            return status, bytes(body)
        elif isinstance(event, h11.ConnectionClosed):  # never before EndOfMessage; no loop
            raise _Failed(Failure("garbled", "cut_short"))
