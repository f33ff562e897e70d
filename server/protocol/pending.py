"""A request the client has sent (or will send) and is waiting to hear about.

One `Pending` per request id: every `request()` call with that id shares it, so an app-level
retry of a request still on its way gets the same answer instead of a second request.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec

from server.protocol import replies as r
from server.protocol.errors import ClientError, RequestError

logger = logging.getLogger("rinda.client")

_reply_decoders = {kind: msgspec.json.Decoder(kind) for kind in set(r.REPLY_TO.values())}


@dataclass(eq=False)
class Pending:
    data: bytes
    reply: type[r.Ok]  # what an ok answer to it carries
    futures: list[asyncio.Future[r.Ok]] = field(default_factory=list)
    sent_on: int = 0  # number of the connection it was last sent on; 0 = never sent

    def settle(self, answer: r.Ok | r.Error, raw: str | bytes) -> None:
        """Give every caller waiting for it the server's answer (decoded from `raw` as the
        reply type this request carries) or its error."""
        outcome: r.Ok | BaseException
        if isinstance(answer, r.Error):
            outcome = RequestError(answer)
        else:
            try:
                outcome = _reply_decoders[self.reply].decode(raw)
            except msgspec.DecodeError as e:
                logger.warning("a malformed answer to request %r: %s", answer.re, e)
                outcome = ClientError(f"the server's answer did not fit {self.reply.__name__}")
        for fut in self.futures:
            if not fut.done():
                if isinstance(outcome, RequestError):
                    fut.set_exception(outcome.copy())
                elif isinstance(outcome, BaseException):
                    fut.set_exception(outcome)
                else:
                    fut.set_result(outcome)

    def fail(self, make_exc: Callable[[], BaseException]) -> None:
        """No answer will come: every waiting caller gets its own `make_exc()`."""
        for fut in self.futures:
            if not fut.done():
                fut.set_exception(make_exc())
