"""How many remote tickets one address took on the /join page within the last hour
(`[remote] per_address_per_hour`), in bounded memory.

Each address keeps the times and numbers of its joins of the last hour (at most the limit,
so a handful), and the forms of its joins still on their way to the owner: counted too, so
that forms sent at once cannot all pass before the first is noted. At most ADDRESSES_KEPT
addresses are remembered; past that, the one that joined least recently is forgotten first
(joins on their way are forgotten as each is answered). Whoever commands that many addresses is not
slowed by a per-address limit anyway; the caps per service (`max_waiting`, `caps`) still
bound how many tickets anyone can take.

Behind the reverse proxy of docs/deploy.md every request comes from loopback: the address
that counts is then the last one of `X-Forwarded-For`, which the proxy sets (`client_address`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from server.net.http_body import HttpRequest

HOUR_S = 3600.0
ADDRESSES_KEPT = 10_000
LOOPBACK = ("127.0.0.1", "::1")
# An address as written in a header: longer is no address.
ADDRESS_CHARS = 64


def client_address(request: HttpRequest) -> str:
    """The visitor's address: the socket's, or the proxy's word for it on loopback."""
    forwarded = request.headers.get("x-forwarded-for", "")
    if request.address in LOOPBACK and forwarded:
        last = forwarded.rsplit(",", 1)[-1].strip()
        if 0 < len(last) <= ADDRESS_CHARS:
            return last
    return request.address


class JoinLimit:
    def __init__(self, per_hour: int, kept: int = ADDRESSES_KEPT) -> None:
        self.per_hour = per_hour
        self.kept = kept
        # address -> [(monotonic time, ticket number, the form's id)] of its joins of the
        # last hour, least recent first.
        self._joins: OrderedDict[str, list[tuple[float, str, str | None]]] = OrderedDict()
        # address -> the form ids of its joins on their way (as many as requests in flight).
        self._pending: dict[str, list[str | None]] = {}

    def _recent(self, address: str, now: float) -> list[tuple[float, str, str | None]]:
        return [j for j in self._joins.get(address, ()) if now - j[0] < HOUR_S]

    def full(self, address: str, now: float, once: str | None = None) -> bool:
        """Whether `address` took its tickets of the hour already. A form it sent before
        (`once`, the form's id) is never refused: it is answered its ticket again."""
        joins = self._recent(address, now)
        pending = self._pending.get(address, [])
        if once is not None and (once in pending or any(j[2] == once for j in joins)):
            return False
        return len(joins) + len(pending) >= self.per_hour

    @contextmanager
    def joining(self, address: str, once: str | None = None) -> Iterator[None]:
        """A join of `address` on its way: it counts until it is answered (and noted)."""
        self._pending.setdefault(address, []).append(once)
        try:
            yield
        finally:
            pending = self._pending[address]
            pending.remove(once)
            if not pending:
                del self._pending[address]

    def note(self, address: str, ticket: str, now: float, once: str | None = None) -> None:
        """`address` joined as `ticket` (a form sent twice answers the same ticket: once)."""
        joins = self._recent(address, now)
        if any(j[1] == ticket for j in joins):
            return
        joins.append((now, ticket, once))
        self._joins[address] = joins
        self._joins.move_to_end(address)
        while len(self._joins) > self.kept:
            self._joins.popitem(last=False)

    def __len__(self) -> int:
        return len(self._joins)
