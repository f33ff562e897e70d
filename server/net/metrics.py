"""GET /metrics: the server in Prometheus text format, for the municipality's monitoring.

One `CollectorRegistry` per server (never prometheus_client's global one, so two servers in
one process, as in the tests, do not mix). What happens over time is counted where it happens:
the owner times each commit and counts storage errors and the tickets taken and served since
the server started (`CommitStats`; Prometheus counters start again at 0 after a restart, and
`rate()`/`increase()` allow for that). What is true now (people waiting, the longest wait,
counters open, connections) is read from the live state at scrape time (`FloorCollector`),
so it is never stale and costs nothing between scrapes.

Only loopback callers, or callers with a manager's device token (`Authorization: Bearer …`),
are answered; anyone else gets 403 (see `may_scrape`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from http import HTTPStatus
from ipaddress import ip_address

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from server.config import CentreConfig
from server.core import events as ev
from server.core.centre import Centre
from server.net.hub import Hub
from server.store.events import EventStore
from server.store.tokens import find_token

# A commit is one fsync: milliseconds on an SSD, tens on a busy or network disk.
COMMIT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
REFUSED = (
    "Metrics are served only to this machine (loopback) or with a manager's device token: "
    "Authorization: Bearer <token>.\n"
)


class CommitStats:
    """What the owner counts as it commits (server/net/owner.py)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        self.commit_seconds = Histogram(
            "rinda_commit_seconds",
            "Time to append and commit one group of events to the log (one fsync).",
            buckets=COMMIT_BUCKETS,
            registry=self.registry,
        )
        self.storage_errors = Counter(
            "rinda_storage_errors",
            "Groups of requests refused because the log could not be written.",
            registry=self.registry,
        )
        self.taken = Counter(
            "rinda_tickets_taken",
            "Tickets issued since the server started (check-ins included), per service.",
            ["service"],
            registry=self.registry,
        )
        self.served = Counter(
            "rinda_tickets_served",
            "Visits finished at a counter since the server started, per service.",
            ["service"],
            registry=self.registry,
        )

    def known_services(self, services: Iterable[str]) -> None:
        """Show every service from the start (at 0), so a rate is defined before its first
        ticket."""
        for sid in services:
            self.taken.labels(service=sid)
            self.served.labels(service=sid)

    def committed(self, events: Iterable[ev.AnyEvent], centre: Centre) -> None:
        """Count the tickets of committed events (applied to `centre` already)."""
        for e in events:
            if isinstance(e, ev.TicketTaken):
                self.taken.labels(service=e.service).inc()
            elif isinstance(e, ev.TicketFinished):
                t = centre.state.tickets.get(e.ticket)
                if t is not None:
                    self.served.labels(service=t.service).inc()


def longest_wait_s(centre: Centre, service: str, now: datetime) -> int:
    """How long the ticket of `service` taken earliest has waited (0: nobody waits); /live
    says the same."""
    oldest = min((t.taken_at for t in centre.waiting[service].values()), default=now)
    return max(0, round((now - oldest).total_seconds()))


class FloorCollector:
    """The centre as it is at scrape time."""

    def __init__(
        self, centre: Callable[[], Centre], hub: Hub, clock: Callable[[], datetime]
    ) -> None:
        # A callable: the owner builds a new Centre when it reloads after a failed write.
        self.centre = centre
        self.hub = hub
        self.clock = clock

    def collect(self) -> Iterable[Metric]:
        centre, now = self.centre(), self.clock()
        waiting = GaugeMetricFamily(
            "rinda_waiting", "People waiting now, per service.", labels=["service"]
        )
        longest = GaugeMetricFamily(
            "rinda_longest_wait_seconds",
            "How long the longest-waiting ticket of each service has waited (0: nobody waits).",
            labels=["service"],
        )
        target = GaugeMetricFamily(
            "rinda_target_wait_seconds",
            "The longest wait the centre aims for, per service (target_wait_min).",
            labels=["service"],
        )
        issuing = GaugeMetricFamily(
            "rinda_service_issuing",
            "1 while the kiosks issue tickets for the service: within its hours and not stopped "
            "by a manager (0 outside the hours, so alert on it only within them).",
            labels=["service"],
        )
        # What the kiosks are told, hours and a manager's stop together.
        for sid, s in centre.config.services.items():
            waiting.add_metric([sid], len(centre.waiting[sid]))
            longest.add_metric([sid], longest_wait_s(centre, sid, now))
            target.add_metric([sid], s.target_wait_min * 60)
            issuing.add_metric([sid], 1 if centre.issuing(sid, now) else 0)
        counters = GaugeMetricFamily(
            "rinda_counters", "Counters per state (open, paused, closed).", labels=["status"]
        )
        states = [cs.status for cs in centre.state.counters.values()]
        for status in ("open", "paused", "closed"):
            counters.add_metric([status], states.count(status))
        connections = GaugeMetricFamily(
            "rinda_connections",
            "Connected sessions per role (phones: visitors' status pages).",
            labels=["role"],
        )
        for role, clients in self.hub.subscribers.items():
            connections.add_metric([role], len(clients))
        connections.add_metric(["phone"], sum(map(len, self.hub.phones.values())))
        yield from (waiting, longest, target, issuing, counters, connections)


def is_loopback(address: str) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is loopback too
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def bearer(headers: Headers) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    scheme, _, token = headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and 0 < len(token) <= 128 else None


async def may_scrape(
    address: str, token: str | None, store: EventStore, config: CentreConfig
) -> bool:
    """Loopback, or a valid manager token of a device still in the configuration. Behind a
    reverse proxy on the same machine every caller looks like loopback: docs/deploy.md says
    not to pass /metrics through it."""
    if is_loopback(address):
        return True
    return token is not None and await is_manager_token(token, store, config)


async def is_manager_token(token: str, store: EventStore, config: CentreConfig) -> bool:
    """A valid token of a manager device still in the configuration."""
    found = await find_token(store, token)
    if found is None:
        return False
    role, device = found
    return role == "manager" and device in config.devices


class MetricsPage:
    def __init__(
        self, registry: CollectorRegistry, store: EventStore, config: CentreConfig
    ) -> None:
        self.registry = registry
        self.store = store
        self.config = config

    async def respond(self, address: str, request: Request) -> Response:
        if not await may_scrape(address, bearer(request.headers), self.store, self.config):
            return http_response(
                HTTPStatus.FORBIDDEN, REFUSED.encode(), "text/plain; charset=utf-8"
            )
        return http_response(
            HTTPStatus.OK, generate_latest(self.registry), CONTENT_TYPE_PLAIN_0_0_4
        )


def http_response(status: HTTPStatus, body: bytes, content_type: str) -> Response:
    headers = Headers(
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ]
    )
    return Response(status.value, status.phrase, headers, body)
